package io.strata.cli;

import io.strata.graph.Selection;
import io.strata.materialize.Relations;
import io.strata.model.Materialization;
import io.strata.model.ModelSpec;
import io.strata.quality.DataTestRunner;
import io.strata.quality.FailureStore;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata test}: the selected models' data tests against what is published. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Run the selected models' data tests against the published tables and views.")
final class TestCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(paramLabel = "SELECTOR", description = "Selectors, as for build.")
  List<String> selectors = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "SELECTOR", description = "Models left out.")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--warn-error", description = "Treat warnings as errors.")
  boolean warnError;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    List<ModelSpec> models = Selection.resolve(workspace.graph(), selectors, excludes);
    Relations relations =
        new Relations(workspace.spark(), workspace.warehouse(), workspace.graph());
    DataTestRunner runner =
        new DataTestRunner(
            name -> relations.read(workspace.graph().model(name).spec().table()),
            warnError,
            FailureStore.NONE);
    int[] counts = new int[TestStatus.values().length];
    for (ModelSpec model : models) {
      if (model.tests().isEmpty() || model.materialization() == Materialization.EPHEMERAL) {
        continue;
      }
      List<TestResult> results =
          runner.run(
              model.table().toString(),
              model.tests(),
              relations.read(model.table()),
              Optional.empty());
      for (TestResult result : results) {
        counts[result.status().ordinal()]++;
        System.out.println(result.describe());
      }
    }
    System.out.printf(
        "%nPASS=%d WARN=%d ERROR=%d%n",
        counts[TestStatus.PASS.ordinal()],
        counts[TestStatus.WARN.ordinal()],
        counts[TestStatus.ERROR.ordinal()]);
    return counts[TestStatus.ERROR.ordinal()] > 0 ? 1 : 0;
  }
}
