package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.materialize.DeferredTests;
import io.strata.materialize.Relations;
import io.strata.model.DataTest;
import io.strata.quality.DataTestRunner;
import io.strata.quality.FailureStore;
import io.strata.quality.TestOptions;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the {@link DeferredTests} once the run has built the models they reference, against the
 * published tables, and adds their results to the model tested. An error-level failure then fails
 * that model (exit 1); its table, already published, stays.
 */
final class AfterBuildTests {
  private final ProjectGraph graph;
  private final Relations relations;
  private final TestOptions options;

  AfterBuildTests(ProjectGraph graph, Relations relations, TestOptions options) {
    this.graph = requireNonNull(graph, "graph is null");
    this.relations = requireNonNull(relations, "relations is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** The results, each model's with its deferred tests run, in the same order. */
  List<ModelResult> check(DeferredTests deferred, List<ModelResult> results) {
    if (options.skip() || deferred.byModel().isEmpty()) {
      return results;
    }
    Map<String, ModelResult> byName =
        results.stream().collect(Collectors.toMap(r -> r.model().name(), Function.identity()));
    List<ModelResult> checked = new ArrayList<>();
    for (ModelResult result : results) {
      List<DataTest> tests = deferred.byModel().getOrDefault(result.model().name(), List.of());
      checked.add(
          tests.isEmpty() || result.status() != ModelStatus.SUCCESS
              ? result
              : withTests(result, run(result, tests, byName)));
    }
    return checked;
  }

  private List<TestResult> run(
      ModelResult result, List<DataTest> tests, Map<String, ModelResult> byName) {
    DataTestRunner runner =
        new DataTestRunner(
            name -> relations.read(graph.model(name).spec().table()),
            options.warnError(),
            FailureStore.NONE);
    String table = result.model().table().toString();
    List<TestResult> ran =
        runner.run(table, tests, relations.read(result.model().table()), Optional.empty());
    List<TestResult> noted = new ArrayList<>();
    for (int i = 0; i < ran.size(); i++) {
      noted.add(noted(ran.get(i), byName.get(DeferredTests.referencedModel(tests.get(i)))));
    }
    return noted;
  }

  /** A result whose parent was not rebuilt says it was checked against the published table. */
  private static TestResult noted(TestResult result, ModelResult parent) {
    if (parent == null || parent.status() == ModelStatus.SUCCESS) {
      return result;
    }
    List<String> samples = new ArrayList<>();
    samples.add(
        parent.model().name()
            + " was not rebuilt ("
            + parent.status().name().toLowerCase(java.util.Locale.ROOT)
            + "): checked against its published table");
    samples.addAll(result.samples());
    return new TestResult(
        result.model(),
        result.test(),
        result.status(),
        result.failingRows(),
        result.checkedRows(),
        samples);
  }

  private static ModelResult withTests(ModelResult result, List<TestResult> deferred) {
    List<TestResult> tests = new ArrayList<>(result.tests());
    tests.addAll(deferred);
    List<TestResult> failed =
        deferred.stream().filter(t -> t.status() == TestStatus.ERROR).toList();
    if (failed.isEmpty()) {
      return new ModelResult(
          result.model(),
          result.status(),
          result.seconds(),
          result.outcome(),
          result.message(),
          tests);
    }
    String message =
        "published, but tests run after what they reference was rebuilt failed:\n"
            + failed.stream().map(TestResult::describe).collect(Collectors.joining("\n"));
    return new ModelResult(
        result.model(), ModelStatus.ERROR, result.seconds(), result.outcome(), message, tests);
  }
}
