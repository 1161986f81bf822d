package io.strata.cli;

import io.strata.error.StrataException;
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
    long before = 0;
    long after = 0;
    int failed = 0;
    for (TableName table : tables) {
      if (!existing.contains(table)) {
        Maintenance.line(out, "SKIP", table, "not built yet");
        continue;
      }
      try {
        OptimizeResult result = warehouse.optimize(spark, table, zOrderBy);
        before += result.filesBefore();
        after += result.filesAfter();
        Maintenance.line(out, "OPTIMIZE", table, describe(result));
      } catch (StrataException e) {
        throw e;
      } catch (Exception e) {
        // Spark's AnalysisException is checked in Java's eyes, yet thrown from unchecked calls.
        failed++;
        Maintenance.line(out, "ERROR", table, Maintenance.rootMessage(e));
      }
    }
    out.printf(
        Locale.ROOT,
        "%nOptimized %d of %d tables in %s: files %d -> %d (%d not built yet, %d failed).%n",
        existing.size() - failed,
        tables.size(),
        Maintenance.seconds((System.nanoTime() - start) / 1e9),
        before,
        after,
        tables.size() - existing.size(),
        failed);
    return failed == 0 ? 0 : 1;
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
