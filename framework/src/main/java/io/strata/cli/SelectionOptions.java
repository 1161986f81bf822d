package io.strata.cli;

import io.strata.graph.ProjectGraph;
import io.strata.graph.Selection;
import io.strata.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which models a command works on: selectors as for {@code build}, minus the excluded. */
final class SelectionOptions {
  @Parameters(
      paramLabel = "SELECTOR",
      description = "NAME, +NAME (with ancestors), NAME+ (with descendants), layer:L, tag:T.")
  List<String> selectors = new ArrayList<>();

  @Option(
      names = {"-s", "--select"},
      paramLabel = "SELECTOR",
      description = "Same as a positional selector.")
  List<String> select = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "SELECTOR", description = "Models left out.")
  List<String> excludes = new ArrayList<>();

  /** Only these selectors, nothing excluded. */
  static SelectionOptions of(List<String> selectors) {
    SelectionOptions options = new SelectionOptions();
    options.selectors = new ArrayList<>(selectors);
    return options;
  }

  /** The positional selectors and those given with {@code --select}. */
  List<String> selectors() {
    List<String> all = new ArrayList<>(selectors);
    all.addAll(select);
    return all;
  }

  /** The selected models in build order; every model without selectors. */
  List<ModelSpec> resolve(ProjectGraph graph) {
    return Selection.resolve(graph, selectors(), excludes);
  }
}
