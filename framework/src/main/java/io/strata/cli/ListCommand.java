package io.strata.cli;

import io.strata.graph.Selection;
import io.strata.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata ls}: lists models without starting Spark. */
@Command(
    name = "ls",
    aliases = "list",
    mixinStandardHelpOptions = true,
    description = "List the selected models with layer, materialization and inputs (no Spark).")
final class ListCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(paramLabel = "SELECTOR", description = "Selectors, as for build.")
  List<String> selectors = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "SELECTOR", description = "Models left out.")
  List<String> excludes = new ArrayList<>();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    List<ModelSpec> models = Selection.resolve(workspace.graph(), selectors, excludes);
    System.out.printf("%-34s %-13s %-12s %s%n", "MODEL", "LAYER", "MATERIALIZED", "READS");
    for (ModelSpec model : models) {
      List<String> reads = new ArrayList<>();
      model.sources().forEach(s -> reads.add(s.toString()));
      model.refs().forEach(r -> reads.add(workspace.graph().model(r).spec().table().toString()));
      System.out.printf(
          "%-34s %-13s %-12s %s%n",
          model.table(),
          model.layer().id(),
          model.materialization().id(),
          String.join(", ", reads));
    }
    return 0;
  }
}
