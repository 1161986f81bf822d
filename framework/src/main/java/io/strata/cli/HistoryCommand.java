package io.strata.cli;

import io.strata.model.Model;
import io.strata.run.RunHistory;
import io.strata.warehouse.Warehouse;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata history MODEL}: the model's last builds from {@code audit.run_history}. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show a model's last builds: status, action, rows and Delta versions.")
final class HistoryCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Model name, e.g. fct_orders.")
  String model;

  @Option(
      names = "--limit",
      defaultValue = "10",
      description = "Runs shown (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    Model found = workspace.model(model);
    Warehouse warehouse = workspace.warehouse();
    if (!warehouse.exists(RunHistory.TABLE)) {
      System.out.println(
          "No build has been recorded in " + warehouse.location(RunHistory.TABLE) + " yet.");
      return 0;
    }
    Dataset<Row> runs = RunHistory.of(workspace.spark(), warehouse, found.spec().table(), limit);
    new ResultPrinter(System.out).print(runs.schema(), runs.collectAsList(), "table");
    return 0;
  }
}
