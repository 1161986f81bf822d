package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.model.DataTest;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.AuditFailure;
import io.strata.quality.DataTestRunner;
import io.strata.quality.FailureStore;
import io.strata.quality.MergePreview;
import io.strata.quality.Screening;
import io.strata.quality.TestOptions;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.warehouse.Warehouse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The audit of a model's rows before they are published: its data tests, and the singular tests its
 * commit must pass. A failing error-level test throws {@link AuditFailure}.
 */
final class ModelAudit {
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final TestOptions tests;
  private final SingularGate gate;
  private final DeferredTests deferred;

  ModelAudit(
      Warehouse warehouse,
      ProjectGraph graph,
      TestOptions tests,
      SingularGate gate,
      DeferredTests deferred) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.tests = requireNonNull(tests, "tests is null");
    this.gate = requireNonNull(gate, "gate is null");
    this.deferred = requireNonNull(deferred, "deferred is null");
  }

  /** What a model's rows passed before their commit: its data tests and the singular tests. */
  record Audit(List<TestResult> tests, SingularGate.Checked singular) {}

  /**
   * Runs the model's data tests and, meanwhile on a thread of its own, the singular tests its
   * commit must pass against {@code preview}, the whole table as the commit will leave it; throws
   * {@link AuditFailure}, reporting both, when an error-level test of either fails.
   */
  Audit auditWithGate(
      ModelSpec spec, Supplier<List<TestResult>> dataTests, Supplier<Dataset<Row>> preview) {
    CompletableFuture<SingularGate.Checked> singular =
        gates(spec)
            ? CompletableFuture.supplyAsync(() -> gate.check(spec, preview.get()), Threads::daemon)
            : CompletableFuture.completedFuture(gate.check(spec, null));
    List<TestResult> tests;
    try {
      tests = dataTests.get();
    } catch (AuditFailure failure) {
      throw new AuditFailure(
          spec.table().toString(), failure.results(), Threads.join(singular).results());
    }
    SingularGate.Checked checked = Threads.join(singular);
    if (checked.failed()) {
      throw new AuditFailure(spec.table().toString(), tests, checked.results());
    }
    return new Audit(tests, checked);
  }

  /**
   * Runs the model's data tests; throws {@link AuditFailure} when an error-level test fails. None
   * runs when the options skip tests.
   */
  List<TestResult> audit(
      SparkSession session, ModelSpec spec, Dataset<Row> rows, Optional<MergePreview> merged) {
    return audit(session, spec, rows, merged, Screening.none());
  }

  /** {@link #audit(SparkSession, ModelSpec, Dataset, Optional)}, finishing what was screened. */
  List<TestResult> audit(
      SparkSession session,
      ModelSpec spec,
      Dataset<Row> rows,
      Optional<MergePreview> merged,
      Screening screening) {
    if (skipsTests(spec)) {
      return List.of();
    }
    List<TestResult> results =
        testRunner(session, spec)
            .run(spec.table().toString(), checked(spec), rows, merged, screening);
    if (results.stream().anyMatch(r -> r.status() == TestStatus.ERROR)) {
      throw new AuditFailure(spec.table().toString(), results);
    }
    return results;
  }

  /**
   * Starts the model's relationship tests over {@code superset}, which holds every row later
   * audited with the same values for the same {@code key} (see {@link Screening}).
   */
  Screening screen(
      SparkSession session, ModelSpec spec, Dataset<Row> superset, long rows, List<String> key) {
    if (skipsTests(spec)) {
      return Screening.none();
    }
    return testRunner(session, spec).screen(checked(spec), superset, rows, key);
  }

  private DataTestRunner testRunner(SparkSession session, ModelSpec spec) {
    Relations relations = new Relations(session, warehouse, graph);
    FailureStore failures =
        tests.storeFailures()
            ? (model, test, offending) ->
                warehouse.overwrite(offending, failureTable(spec, test), List.of())
            : FailureStore.NONE;
    return new DataTestRunner(
        name -> relations.read(graph.model(name).spec().table()), tests.warnError(), failures);
  }

  /** {@code audit.<model>__<test>}, in lower snake case. */
  static TableName failureTable(ModelSpec spec, String test) {
    String name =
        (spec.name() + "__" + test)
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9_]+", "_")
            .replaceAll("^_+|_+$", "");
    return TableName.of(io.strata.model.Layer.AUDIT, name);
  }

  TestOptions testOptions() {
    return tests;
  }

  /** The model has no data tests, or the options skip them. */
  boolean skipsTests(ModelSpec spec) {
    return checked(spec).isEmpty() || tests.skip();
  }

  /**
   * The tests that check the model's rows before they are published: not those that quarantine
   * (they screened the rows already), nor those deferred until what they reference is rebuilt.
   */
  List<DataTest> checked(ModelSpec spec) {
    return spec.tests().stream()
        .filter(t -> !t.quarantines() && !deferred.defers(spec, t))
        .toList();
  }

  /** Singular tests check the model's table, as its commit will leave it, before it lands. */
  boolean gates(ModelSpec spec) {
    return !tests.skip() && gate.gates(spec);
  }

  /** Something checks the model's rows before they are published: data or singular tests. */
  boolean audited(ModelSpec spec) {
    return !skipsTests(spec) || gates(spec);
  }
}
