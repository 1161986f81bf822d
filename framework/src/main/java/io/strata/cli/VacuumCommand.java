package io.strata.cli;

import io.strata.error.Errors;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.warehouse.VacuumResult;
import io.strata.warehouse.Warehouse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata vacuum}: deletes the files the selected models' Delta tables no longer need. */
@Command(
    name = "vacuum",
    mixinStandardHelpOptions = true,
    description =
        "Delete the data files that no version of the selected models' Delta tables younger than"
            + " the retention references (Delta VACUUM); tables not built yet are skipped.")
final class VacuumCommand implements Callable<Integer> {
  /** Delta's own default, {@code delta.deletedFileRetentionDuration}. */
  static final Duration MINIMUM_RETENTION = Duration.ofDays(7);

  private static final Pattern RETENTION = Pattern.compile("(\\d{1,6})([hd])");

  @Mixin CommonOptions options;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--retain",
      paramLabel = "DURATION",
      defaultValue = "168h",
      description =
          "Keep files younger than this: hours or days, e.g. 168h, 7d, 30d (default:"
              + " ${DEFAULT-VALUE}; at least 7 days unless --force).")
  String retain;

  @Option(
      names = "--force",
      description =
          "Allow a retention below 7 days: readers of older versions, time travel and incremental"
              + " builds behind on a raw source may then fail.")
  boolean force;

  @Option(names = "--dry-run", description = "Count the files that would be deleted; delete none.")
  boolean dryRun;

  @Option(
      names = "--include-sources",
      description = "Also vacuum the raw sources the selected models read.")
  boolean includeSources;

  @Override
  public Integer call() {
    Duration retention = parse(retain);
    if (retention.compareTo(MINIMUM_RETENTION) < 0 && !force) {
      throw Errors.retentionTooShort(retain, "7 days (168h)");
    }
    Workspace workspace = Workspace.open(options);
    List<TableName> tables = tables(selection.resolve(workspace.graph()));
    PrintStream out = System.out;
    if (tables.isEmpty()) {
      out.println("Nothing to vacuum: the selection holds no table or incremental model.");
      return 0;
    }
    SparkSession spark = workspace.spark();
    Warehouse warehouse = workspace.warehouse();
    long start = System.nanoTime();
    List<VacuumResult> results = new ArrayList<>();
    Maintenance.Tally tally =
        Maintenance.eachTable(
            out,
            tables,
            warehouse::exists,
            "VACUUM",
            table -> {
              VacuumResult result = warehouse.vacuum(spark, table, retention, dryRun, force);
              results.add(result);
              return describe(result);
            });
    out.printf(
        Locale.ROOT,
        "%n%s %d of %d tables retaining %s in %s: %d files %s (%d not built yet, %d failed).%n",
        dryRun ? "Dry run over" : "Vacuumed",
        tally.done(),
        tables.size(),
        retain,
        Maintenance.seconds((System.nanoTime() - start) / 1e9),
        results.stream().mapToLong(r -> r.files().orElse(0L)).sum(),
        dryRun ? "would be deleted" : "deleted",
        tally.skipped(),
        tally.failed());
    return tally.exitCode();
  }

  /** {@code 168h}, {@code 7d}: a whole number of hours or days. */
  static Duration parse(String text) {
    Matcher m = RETENTION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw Errors.badRetention(text);
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount);
  }

  /** The raw sources the selected models read (when asked), then the models' tables. */
  private List<TableName> tables(List<ModelSpec> models) {
    Set<TableName> tables = new LinkedHashSet<>();
    if (includeSources) {
      models.forEach(m -> tables.addAll(m.sources()));
    }
    tables.addAll(Maintenance.persistedTables(models));
    return List.copyOf(tables);
  }

  private static String describe(VacuumResult result) {
    String time = "in " + Maintenance.seconds(result.seconds());
    if (result.dryRun()) {
      return "would delete "
          + Maintenance.files(result.files().orElseThrow())
          + " (dry run), "
          + time;
    }
    if (result.files().isEmpty()) {
      return "vacuumed (Delta logs no VACUUM on this file system: count unknown), " + time;
    }
    String bytes = result.bytes().map(b -> " (" + Maintenance.bytes(b) + ")").orElse("");
    return "deleted " + Maintenance.files(result.files().get()) + bytes + ", " + time;
  }
}
