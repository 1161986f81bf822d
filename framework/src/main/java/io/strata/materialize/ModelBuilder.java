package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.graph.ProjectGraph;
import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.Model;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** Builds one model into its table according to its materialization. */
public final class ModelBuilder {
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final RunSnapshot snapshot;
  private final CommitHook hook;
  private final TestOptions tests;
  private final TestMemo memo;
  private final SingularGate gate;

  /**
   * @param tests how data tests run
   */
  public ModelBuilder(
      Warehouse warehouse,
      ProjectGraph graph,
      RunSnapshot snapshot,
      CommitHook hook,
      TestOptions tests) {
    this(warehouse, graph, snapshot, hook, tests, TestMemo.none(), SingularGate.none());
  }

  /**
   * @param tests how data tests run
   * @param memo views whose tests passed on the same inputs, which are not tested again
   * @param gate the singular tests each model's commit must pass
   */
  public ModelBuilder(
      Warehouse warehouse,
      ProjectGraph graph,
      RunSnapshot snapshot,
      CommitHook hook,
      TestOptions tests,
      TestMemo memo,
      SingularGate gate) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.snapshot = requireNonNull(snapshot, "snapshot is null");
    this.hook = requireNonNull(hook, "hook is null");
    this.tests = requireNonNull(tests, "tests is null");
    this.memo = requireNonNull(memo, "memo is null");
    this.gate = requireNonNull(gate, "gate is null");
  }

  /**
   * Builds a model in its own session (its SQL settings and temporary views are its own).
   *
   * @param fullRefresh rebuild tables and incremental models from all their input
   */
  public BuildOutcome build(SparkSession session, ModelSpec spec, boolean fullRefresh) {
    return switch (spec.materialization()) {
      case EPHEMERAL ->
          new BuildOutcome(
              Action.EPHEMERAL,
              0,
              Optional.empty(),
              Optional.empty(),
              "inlined",
              Map.of(),
              List.of());
      case VIEW -> view(session, spec);
      case TABLE -> table(session, spec, fullRefresh);
      case INCREMENTAL -> new IncrementalBuild(this, session, spec, lineage(spec)).run(fullRefresh);
    };
  }

  private BuildOutcome view(SparkSession session, ModelSpec spec) {
    Dataset<Row> rows = fullInputs(session).computed(graph.model(spec.name()));
    String columns = "columns " + String.join(", ", rows.schema().fieldNames());
    if (skipsTests(spec)) {
      return viewOutcome(columns, List.of());
    }
    Lineage lineage = lineage(spec);
    CommitMetadata inputs = metadata(session, spec, lineage, sourceVersions(lineage));
    if (memo.passed(spec.name(), inputs)) {
      return viewOutcome(
          columns + "; tests passed on these inputs before, not run again", List.of());
    }
    List<TestResult> tests = audit(session, spec, rows, Optional.empty());
    if (tests.stream().allMatch(t -> t.status() == TestStatus.PASS)) {
      memo.record(spec.name(), inputs);
    }
    return viewOutcome(columns, tests);
  }

  private static BuildOutcome viewOutcome(String detail, List<TestResult> tests) {
    return new BuildOutcome(
        Action.VIEW, 0, Optional.empty(), Optional.empty(), detail, Map.of(), tests);
  }

  private BuildOutcome table(SparkSession session, ModelSpec spec, boolean fullRefresh) {
    Lineage lineage = lineage(spec);
    CommitMetadata metadata = metadata(session, spec, lineage, sourceVersions(lineage));
    Optional<Long> before = warehouse.version(session, spec.table());
    if (!fullRefresh
        && before.isPresent()
        && CommitMetadata.latest(session, warehouse, spec.table())
            .filter(last -> last.covers(metadata))
            .isPresent()) {
      return upToDate(before, "inputs unchanged since version " + before.get());
    }
    Dataset<Row> rows = fullInputs(session).computed(graph.model(spec.name()));
    return auditThenReplace(
        session, spec, rows, metadata, before, before.isPresent() ? "replaced" : "created");
  }

  /**
   * Write-audit-publish for a whole table: the rows are kept (memory, then disk), tested, and only
   * written when no error-level test fails; otherwise the table stays exactly as it was.
   */
  BuildOutcome auditThenReplace(
      SparkSession session,
      ModelSpec spec,
      Dataset<Row> computed,
      CommitMetadata metadata,
      Optional<Long> before,
      String detail) {
    Dataset<Row> rows = audited(spec) ? computed.persist(StorageLevel.MEMORY_AND_DISK()) : computed;
    try {
      Audit audit =
          auditWithGate(spec, () -> audit(session, spec, rows, Optional.empty()), () -> rows);
      commit(
          session,
          spec.table(),
          metadata.withSingularPasses(audit.singular().passes()),
          () -> warehouse.overwrite(rows, spec.table(), spec.partitionBy()));
      return replaced(session, spec.table(), before, detail)
          .withTests(audit.tests())
          .withSingularTests(audit.singular().results());
    } finally {
      rows.unpersist();
    }
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
            ? CompletableFuture.supplyAsync(
                () -> gate.check(spec, preview.get()), ModelBuilder::daemonThread)
            : CompletableFuture.completedFuture(gate.check(spec, null));
    List<TestResult> tests;
    try {
      tests = dataTests.get();
    } catch (AuditFailure failure) {
      throw new AuditFailure(spec.table().toString(), failure.results(), join(singular).results());
    }
    SingularGate.Checked checked = join(singular);
    if (checked.failed()) {
      throw new AuditFailure(spec.table().toString(), tests, checked.results());
    }
    return new Audit(tests, checked);
  }

  /** The future's value; its failure rethrown as it was thrown when unchecked. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Runs a task on a daemon thread of its own, named for what Strata runs there. */
  static void daemonThread(Runnable task) {
    Thread thread = new Thread(task, "strata-tests");
    thread.setDaemon(true);
    thread.start();
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
            .run(spec.table().toString(), spec.tests(), rows, merged, screening);
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
    return testRunner(session, spec).screen(spec.tests(), superset, rows, key);
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
    return spec.tests().isEmpty() || tests.skip();
  }

  /** Singular tests check the model's table, as its commit will leave it, before it lands. */
  boolean gates(ModelSpec spec) {
    return !tests.skip() && gate.gates(spec);
  }

  /** Something checks the model's rows before they are published: data or singular tests. */
  boolean audited(ModelSpec spec) {
    return !skipsTests(spec) || gates(spec);
  }

  // ---- shared by the materializations ---------------------------------------------------------

  Warehouse warehouse() {
    return warehouse;
  }

  Inputs fullInputs(SparkSession session) {
    return new Inputs(session, warehouse, graph, snapshot, Map.of());
  }

  Inputs slicedInputs(SparkSession session, Map<TableName, Slice> slices) {
    return new Inputs(session, warehouse, graph, snapshot, slices);
  }

  Model model(ModelSpec spec) {
    return graph.model(spec.name());
  }

  Map<String, Long> sourceVersions(Lineage lineage) {
    Map<String, Long> versions = new TreeMap<>();
    lineage.sources().forEach(s -> versions.put(s.toString(), snapshot.version(s)));
    return versions;
  }

  CommitMetadata metadata(
      SparkSession session, ModelSpec spec, Lineage lineage, Map<String, Long> sources) {
    Map<String, Long> upstream = new TreeMap<>();
    for (ModelSpec up : lineage.upstream()) {
      long version =
          warehouse
              .version(session, up.table())
              .orElseThrow(
                  () ->
                      Errors.missingTable(
                          up.table().toString(),
                          ", which " + spec.name() + " reads",
                          "Build it first: strata build +" + spec.name()));
      upstream.put(up.table().toString(), version);
    }
    return new CommitMetadata(
        spec.table().toString(),
        sources,
        upstream,
        Fingerprint.of(lineage.computed()),
        spec.tests().isEmpty() || !tests.skip());
  }

  /** Runs a write whose Delta commit carries the metadata, between the commit hooks. */
  void commit(SparkSession session, TableName table, CommitMetadata metadata, Runnable write) {
    hook.beforeCommit(table);
    session.conf().set(USER_METADATA, metadata.toJson());
    try {
      write.run();
    } finally {
      session.conf().unset(USER_METADATA);
    }
    hook.afterCommit(table);
  }

  BuildOutcome replaced(
      SparkSession session, TableName table, Optional<Long> before, String detail) {
    Warehouse.Commit last = warehouse.history(session, table, 1).get(0);
    long rows = metric(last, "numOutputRows");
    return new BuildOutcome(
        Action.REPLACED,
        rows,
        before,
        Optional.of(last.version()),
        detail,
        last.metrics(),
        List.of());
  }

  static BuildOutcome upToDate(Optional<Long> version, String detail) {
    return new BuildOutcome(Action.UP_TO_DATE, 0, version, version, detail, Map.of(), List.of());
  }

  static long metric(Warehouse.Commit commit, String name) {
    String value = commit.metrics().get(name);
    return value == null ? 0L : Long.parseLong(value);
  }

  /**
   * What a model's rows are computed from: the models run in its place (itself and the views and
   * ephemerals it reads), the raw sources those read, and the persisted models it reads.
   */
  record Lineage(List<Model> computed, Set<TableName> sources, Set<ModelSpec> upstream) {}

  Lineage lineage(ModelSpec spec) {
    List<Model> computed = new ArrayList<>();
    Set<TableName> sources = new LinkedHashSet<>();
    Set<ModelSpec> upstream = new LinkedHashSet<>();
    collect(spec.name(), computed, sources, upstream, new LinkedHashMap<>());
    return new Lineage(List.copyOf(computed), sources, upstream);
  }

  private void collect(
      String name,
      List<Model> computed,
      Set<TableName> sources,
      Set<ModelSpec> upstream,
      Map<String, Boolean> seen) {
    if (seen.put(name, true) != null) {
      return;
    }
    Model model = graph.model(name);
    computed.add(model);
    sources.addAll(model.spec().sources());
    for (String ref : model.spec().refs()) {
      ModelSpec input = graph.model(ref).spec();
      if (input.materialization().isPersisted()) {
        upstream.add(input);
      } else {
        collect(ref, computed, sources, upstream, seen);
      }
    }
  }
}
