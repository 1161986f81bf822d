package io.strata.cli;

import io.strata.materialize.DiffReport;
import io.strata.materialize.DiffRequest;
import io.strata.materialize.ModelDiff;
import io.strata.model.ModelSpec;
import io.strata.session.SparkSessions;
import io.strata.warehouse.Warehouse;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strata diff MODEL}: the published table against its recomputation from its sources; exit
 * code 0 when they are equal, 1 when they drift.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Compare a model's table with what its code computes from its sources now (nothing is"
            + " written); exit code 1 when they differ.")
final class DiffCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Model name, e.g. fct_orders.")
  String model;

  @Option(
      names = "--where",
      paramLabel = "SQL",
      description = "Compare only the rows this Spark SQL condition selects, on both sides.")
  String where;

  @Option(
      names = "--last-partitions",
      paramLabel = "N",
      description = "Compare only the rows of the newest N values of the partition column.")
  Integer lastPartitions;

  @Option(
      names = "--samples",
      defaultValue = "10",
      paramLabel = "N",
      description = "Rows shown per finding (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--json", description = "Print the report as one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    DiffRequest request =
        new DiffRequest(
            Optional.ofNullable(where),
            lastPartitions == null ? OptionalInt.empty() : OptionalInt.of(lastPartitions),
            samples);
    Workspace workspace = Workspace.open(options);
    ModelSpec spec = workspace.model(model).spec();
    Warehouse warehouse = workspace.warehouse();
    SparkSession session = session(workspace, spec, warehouse);
    DiffReport report = ModelDiff.of(session, warehouse, workspace.graph(), spec).run(request);
    DiffPrinter printer = new DiffPrinter(System.out);
    if (json) {
      printer.json(report);
    } else {
      printer.text(report);
    }
    return report.drifts() ? 1 : 0;
  }

  /** A session of its own with the build's settings, shuffles sized to the table when auto. */
  private static SparkSession session(Workspace workspace, ModelSpec spec, Warehouse warehouse) {
    SparkSession base = workspace.spark();
    return SparkSessions.newSession(
        base, workspace.config(), 2 * warehouse.sizeInBytes(base, spec.table()));
  }
}
