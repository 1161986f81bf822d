package io.strata.cli;

import io.strata.model.TableName;
import io.strata.warehouse.OptimizeResult;
import io.strata.warehouse.Warehouse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata optimize}: compacts the selected models' Delta tables. */
@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    description =
        "Compact the small files of the selected models' Delta tables (Delta OPTIMIZE); views and"
            + " ephemerals are skipped, tables not built yet too.")
final class OptimizeCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--zorder-by",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "Also cluster rows by these columns (Z-order), for queries filtering on them;"
              + " not partition columns.")
  List<String> zOrderBy = new ArrayList<>();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    List<TableName> tables = Maintenance.persistedTables(selection.resolve(workspace.graph()));
    PrintStream out = System.out;
    if (tables.isEmpty()) {
      out.println("Nothing to optimize: the selection holds no table or incremental model.");
      return 0;
    }
    SparkSession spark = workspace.spark();
    Warehouse warehouse = workspace.warehouse();
    List<TableName> existing = tables.stream().filter(warehouse::exists).toList();
    if (!zOrderBy.isEmpty()) {
      existing.forEach(t -> warehouse.detail(spark, t).requireZOrderable(zOrderBy));
    }
    long start = System.nanoTime();
    List<OptimizeResult> results = new ArrayList<>();
    Maintenance.Tally tally =
        Maintenance.eachTable(
            out,
            tables,
            existing::contains,
            "OPTIMIZE",
            table -> {
              OptimizeResult result = warehouse.optimize(spark, table, zOrderBy);
              results.add(result);
              return describe(result);
            });
    out.printf(
        Locale.ROOT,
        "%nOptimized %d of %d tables in %s: files %d -> %d (%d not built yet, %d failed).%n",
        tally.done(),
        tables.size(),
        Maintenance.seconds((System.nanoTime() - start) / 1e9),
        results.stream().mapToLong(OptimizeResult::filesBefore).sum(),
        results.stream().mapToLong(OptimizeResult::filesAfter).sum(),
        tally.skipped(),
        tally.failed());
    return tally.exitCode();
  }

  private static String describe(OptimizeResult result) {
    String time = "in " + Maintenance.seconds(result.seconds());
    if (result.version().isEmpty()) {
      return String.format(
          Locale.ROOT,
          "nothing to compact (%s, %s), %s",
          Maintenance.files(result.filesBefore()),
          Maintenance.bytes(result.bytesBefore()),
          time);
    }
    return String.format(
        Locale.ROOT,
        "files %d -> %d (%d rewritten into %d), %s -> %s, %s, version %d",
        result.filesBefore(),
        result.filesAfter(),
        result.filesRemoved(),
        result.filesAdded(),
        Maintenance.bytes(result.bytesBefore()),
        Maintenance.bytes(result.bytesAfter()),
        time,
        result.version().get());
  }
}
