package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.model.ModelSpec;
import io.strata.model.SingularTest;
import io.strata.model.TableName;
import io.strata.quality.SingularTests;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Singular tests that a model's commit must pass: those reading the model's table that the run
 * would otherwise check only after publishing. Each runs against the table as the commit will leave
 * it (every other table as published), so a failing one keeps the commit out, as a data test does;
 * a passing one is recorded in the commit itself, so that a later build finding the same versions
 * does not run it again.
 *
 * <p>The run assigns a test to the last model it reads in build order, and builds that model only
 * once the others are done; tests that read a view stay after the run.
 */
public final class SingularGate {
  private final Relations relations;
  private final Map<String, List<SingularTest>> byModel;

  private SingularGate(Relations relations, Map<String, List<SingularTest>> byModel) {
    this.relations = relations;
    this.byModel = Map.copyOf(byModel);
  }

  /**
   * The gate of a run building {@code selected}, in build order: each singular test that reads a
   * selected persisted model's table and no view goes to the last such model, whose commit would
   * otherwise publish what the test checks only afterwards.
   */
  public static SingularGate forRun(
      ProjectGraph graph, List<ModelSpec> selected, Relations relations) {
    Map<String, List<SingularTest>> byModel = new HashMap<>();
    for (SingularTest test : graph.project().singularTests()) {
      Set<TableName> read = Relations.tablesRead(test.sql());
      boolean readsView =
          read.stream()
              .map(t -> graph.findModel(t.table()).filter(m -> m.spec().table().equals(t)))
              .flatMap(Optional::stream)
              .anyMatch(model -> !model.spec().materialization().isPersisted());
      Optional<ModelSpec> last =
          selected.stream()
              .filter(spec -> spec.materialization().isPersisted() && read.contains(spec.table()))
              .reduce((first, second) -> second);
      if (!readsView && last.isPresent()) {
        byModel.computeIfAbsent(last.get().name(), name -> new ArrayList<>()).add(test);
      }
    }
    return new SingularGate(requireNonNull(relations, "relations is null"), byModel);
  }

  /**
   * The other selected models that the tests gating {@code spec}'s commit read: it is built once
   * they are done, so that the tests see them as the run leaves them.
   */
  public List<String> alsoRead(ModelSpec spec, List<ModelSpec> selected) {
    return byModel.getOrDefault(spec.name(), List.of()).stream()
        .flatMap(test -> Relations.tablesRead(test.sql()).stream())
        .flatMap(table -> selected.stream().filter(s -> s.table().equals(table)))
        .map(ModelSpec::name)
        .filter(name -> !name.equals(spec.name()))
        .distinct()
        .toList();
  }

  /** No singular test gates any commit. */
  public static SingularGate none() {
    return new SingularGate(null, Map.of());
  }

  /** Whether the model's commit must pass singular tests. */
  boolean gates(ModelSpec spec) {
    return byModel.containsKey(spec.name());
  }

  /**
   * Runs the model's gating tests against {@code preview}, the model's whole table as the commit
   * will leave it; none, and {@code preview} unused, when the model has none.
   */
  Checked check(ModelSpec spec, Dataset<Row> preview) {
    List<SingularTest> tests = byModel.getOrDefault(spec.name(), List.of());
    List<TestResult> results = new ArrayList<>();
    Map<String, String> passes = new TreeMap<>();
    if (tests.isEmpty()) {
      return new Checked(results, passes);
    }
    Relations previewed = relations.withPreview(spec.table(), preview);
    for (SingularTest test : tests) {
      Optional<SortedMap<String, Long>> others =
          relations.versionsRead(test.sql(), Set.of(spec.table()));
      TestResult result = SingularTests.run(previewed::sql, test);
      results.add(result);
      if (result.status() == TestStatus.PASS && others.isPresent()) {
        passes.put(test.name(), SingularTestRunner.inputs(test, others.get()));
      }
    }
    return new Checked(results, passes);
  }

  /**
   * What a model's gating tests found.
   *
   * @param passes for each test that passed and whose answer is a function of the versions it read:
   *     those versions, besides the model's table, and its query
   */
  record Checked(List<TestResult> results, Map<String, String> passes) {
    Checked {
      results = List.copyOf(results);
      passes = Map.copyOf(passes);
    }

    boolean failed() {
      return results.stream().anyMatch(r -> r.status() == TestStatus.ERROR);
    }
  }
}
