package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.graph.ProjectGraph;
import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.Dedup;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.Quarantine;
import io.strata.quality.TestOptions;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.warehouse.Warehouse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
  private final TestMemo memo;
  private final ModelAudit audits;
  private final CodeChangePolicy codeChanges;

  /**
   * @param tests how data tests run
   */
  public ModelBuilder(
      Warehouse warehouse,
      ProjectGraph graph,
      RunSnapshot snapshot,
      CommitHook hook,
      TestOptions tests) {
    this(
        warehouse,
        graph,
        snapshot,
        hook,
        tests,
        TestMemo.none(),
        SingularGate.none(),
        DeferredTests.NONE,
        CodeChangePolicy.DEFAULT);
  }

  /**
   * @param tests how data tests run
   * @param memo views whose tests passed on the same inputs, which are not tested again
   * @param gate the singular tests each model's commit must pass
   * @param deferred tests left out of each model's audit, run once what they reference is built
   * @param codeChanges what a build does with a model whose code changed
   */
  public ModelBuilder(
      Warehouse warehouse,
      ProjectGraph graph,
      RunSnapshot snapshot,
      CommitHook hook,
      TestOptions tests,
      TestMemo memo,
      SingularGate gate,
      DeferredTests deferred,
      CodeChangePolicy codeChanges) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.snapshot = requireNonNull(snapshot, "snapshot is null");
    this.hook = requireNonNull(hook, "hook is null");
    this.memo = requireNonNull(memo, "memo is null");
    this.audits = new ModelAudit(warehouse, graph, tests, gate, deferred);
    this.codeChanges = requireNonNull(codeChanges, "codeChanges is null");
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
      case INCREMENTAL ->
          new IncrementalBuild(this, session, spec, Lineage.of(graph, spec)).run(fullRefresh);
      case SNAPSHOT ->
          new SnapshotBuild(this, session, spec, Lineage.of(graph, spec)).run(fullRefresh);
    };
  }

  /**
   * Recomputes the partitions of an incremental model in {@code range} and replaces them in one
   * commit, its tests run first (see {@link BackfillRange#check}).
   */
  public BuildOutcome backfill(SparkSession session, ModelSpec spec, BackfillRange range) {
    return new Backfill(this, session, spec, range).run();
  }

  private BuildOutcome view(SparkSession session, ModelSpec spec) {
    Dataset<Row> computed = fullInputs(session).transformed(graph.model(spec.name()));
    String columns = "columns " + String.join(", ", computed.schema().fieldNames());
    Quarantine quarantine = Quarantine.of(spec, computed.schema());
    if (audits.skipsTests(spec) && quarantine.isEmpty()) {
      return viewOutcome(columns, List.of());
    }
    Lineage lineage = Lineage.of(graph, spec);
    CommitMetadata inputs = metadata(session, spec, lineage, sourceVersions(lineage));
    if (memo.passed(spec.name(), inputs)) {
      return viewOutcome(
          columns + "; tests passed on these inputs before, not run again", List.of());
    }
    Quarantine.Screened screened = screen(spec, computed);
    List<TestResult> tests = audits.audit(session, spec, screened.kept(), Optional.empty());
    BuildOutcome outcome = recorded(spec, screened, viewOutcome(columns, tests), true);
    if (outcome.tests().stream().allMatch(t -> t.status() == TestStatus.PASS)) {
      memo.record(spec.name(), inputs);
    }
    return outcome;
  }

  private static BuildOutcome viewOutcome(String detail, List<TestResult> tests) {
    return new BuildOutcome(
        Action.VIEW, 0, Optional.empty(), Optional.empty(), detail, Map.of(), tests);
  }

  private BuildOutcome table(SparkSession session, ModelSpec spec, boolean fullRefresh) {
    Lineage lineage = Lineage.of(graph, spec);
    CommitMetadata metadata = metadata(session, spec, lineage, sourceVersions(lineage));
    Optional<Long> before = versionBefore(session, spec.table(), fullRefresh);
    Optional<CommitMetadata> last =
        fullRefresh || before.isEmpty()
            ? Optional.empty()
            : CommitMetadata.latest(session, warehouse, spec.table());
    if (last.filter(l -> l.covers(metadata)).isPresent()) {
      return upToDate(before, "inputs unchanged since version " + before.get());
    }
    CodeChange code =
        last.map(l -> CodeChange.between(l, metadata, lineage.computed())).orElse(CodeChange.NONE);
    Quarantine.Screened screened = screened(session, spec, fullInputs(session));
    BuildOutcome outcome =
        auditThenReplace(
            session,
            spec,
            screened.kept(),
            metadata,
            before,
            code.isNone() ? before.isPresent() ? "replaced" : "created" : code.describe());
    return recorded(spec, screened, outcome, true);
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
    Dataset<Row> rows =
        audits.audited(spec) ? computed.persist(StorageLevel.MEMORY_AND_DISK()) : computed;
    try {
      ModelAudit.Audit audit =
          audits.auditWithGate(
              spec, () -> audits.audit(session, spec, rows, Optional.empty()), () -> rows);
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

  // ---- shared by the materializations ---------------------------------------------------------

  /** The model's rows computed over {@code inputs}, screened by its quarantine. */
  Quarantine.Screened screened(SparkSession session, ModelSpec spec, Inputs inputs) {
    return screen(spec, inputs.transformed(model(spec)));
  }

  private Quarantine.Screened screen(ModelSpec spec, Dataset<Row> rows) {
    return Quarantine.of(spec, rows.schema())
        .screen(rows, audits.testOptions().warnError(), java.time.Instant.now());
  }

  /**
   * After the model's commit, sets aside what its quarantine held back: replacing the quarantine
   * table when the model was computed whole; for a batch, appending the rows it does not hold yet
   * (a lookback reads rows again). The outcome then reports the quarantine's rules first.
   */
  BuildOutcome recorded(
      ModelSpec spec, Quarantine.Screened screened, BuildOutcome outcome, boolean whole) {
    if (!screened.ruled()) {
      return outcome;
    }
    TableName table = Quarantine.table(spec);
    if (whole && (screened.heldRows() > 0 || warehouse.exists(table))) {
      warehouse.overwrite(screened.held(), table, List.of());
    } else if (screened.heldRows() > 0) {
      Dataset<Row> held = screened.held();
      if (warehouse.exists(table)) {
        Dataset<Row> known = warehouse.read(held.sparkSession(), table).select("tests", "row");
        held =
            held.join(known, SqlNames.seq(List.of("tests", "row")), "left_anti")
                .select(SqlNames.columns(List.of(held.columns())));
      }
      warehouse.append(held, table, List.of(), Map.of());
    }
    List<TestResult> tests = new java.util.ArrayList<>(screened.results());
    tests.addAll(outcome.tests());
    return outcome.withTests(tests);
  }

  /**
   * The table's version before this build; a full refresh replaces the table whatever state it is
   * in, so there a table too damaged to read counts as none.
   */
  Optional<Long> versionBefore(SparkSession session, TableName table, boolean fullRefresh) {
    return fullRefresh
        ? warehouse.replaceableVersion(session, table)
        : warehouse.version(session, table);
  }

  Warehouse warehouse() {
    return warehouse;
  }

  /** The audit of the models' rows before they are published. */
  ModelAudit audits() {
    return audits;
  }

  Inputs fullInputs(SparkSession session) {
    return new Inputs(session, warehouse, graph, snapshot, Map.of());
  }

  /**
   * A table's or incremental model's rows as a full build computes them, from the raw sources at
   * {@code pinned}'s versions, less what its quarantine holds back.
   */
  Dataset<Row> recomputed(SparkSession session, ModelSpec spec, RunSnapshot pinned) {
    return latestPerKey(spec, screened(session, spec, pinnedInputs(session, pinned)).kept());
  }

  /** For an incremental model, the newest row per unique key; other models' rows as they are. */
  static Dataset<Row> latestPerKey(ModelSpec spec, Dataset<Row> rows) {
    return spec.incremental()
        .map(i -> Dedup.latest(rows, i.uniqueKey(), List.of(i.orderBy(), i.loadedAt())))
        .orElse(rows);
  }

  /** Inputs with the raw sources read at the snapshot's versions. */
  Inputs pinnedInputs(SparkSession session, RunSnapshot pinned) {
    return new Inputs(session, warehouse, graph, pinned, Map.of());
  }

  ProjectGraph graph() {
    return graph;
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

  /**
   * What a build of an incremental or snapshot model does about code changed since {@code
   * previous}: nothing when none changed; a full build ({@link CodeCheck#rebuilds}); the change
   * accepted forward-only; or, under the policy {@code fail}, it throws.
   */
  CodeCheck codeCheck(
      ModelSpec spec, Lineage lineage, CommitMetadata previous, CommitMetadata now) {
    CodeChange change = CodeChange.between(previous, now, lineage.computed());
    if (change.isNone()) {
      return new CodeCheck(change, false);
    }
    return switch (codeChanges.of(spec)) {
      case REBUILD -> new CodeCheck(change, true);
      case FORWARD_ONLY -> new CodeCheck(change, false);
      case FAIL -> throw Errors.codeChanged(spec.name(), change.models());
    };
  }

  /** A code change and whether it calls for a full build; else it is accepted forward-only. */
  record CodeCheck(CodeChange change, boolean rebuilds) {
    /** The commit's metadata, recording a forward-only acceptance. */
    CommitMetadata recorded(CommitMetadata metadata) {
      return change.isNone() ? metadata : metadata.withForwardOnly(change.models());
    }

    /** The outcome, led by the change it accepted forward-only. */
    BuildOutcome reported(BuildOutcome outcome) {
      return change.isNone()
          ? outcome
          : outcome.withDetailFirst(change.describe() + " (forward-only: new rows only)");
    }
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
    Map<String, String> code = Fingerprint.of(codeOf(spec, lineage));
    return new CommitMetadata(
            spec.table().toString(),
            sources,
            upstream,
            Fingerprint.combined(code, spec),
            spec.tests().isEmpty() || !audits.testOptions().skip())
        .withCode(code);
  }

  /** The models whose code computes the model's rows: it and every model upstream of it. */
  private List<Model> codeOf(ModelSpec spec, Lineage lineage) {
    List<Model> models = new java.util.ArrayList<>(lineage.computed());
    graph.ancestors(spec.name()).stream()
        .map(graph::model)
        .filter(m -> !models.contains(m))
        .forEach(models::add);
    return models;
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

  /** What a MERGE's commit did: the rows it inserted and updated, and its metrics. */
  static BuildOutcome merged(
      Warehouse.Commit last, Optional<Long> before, String detail, List<TestResult> tests) {
    long changed = metric(last, "numTargetRowsInserted") + metric(last, "numTargetRowsUpdated");
    return new BuildOutcome(
        Action.MERGED, changed, before, Optional.of(last.version()), detail, last.metrics(), tests);
  }

  static BuildOutcome upToDate(Optional<Long> version, String detail) {
    return new BuildOutcome(Action.UP_TO_DATE, 0, version, version, detail, Map.of(), List.of());
  }

  static long metric(Warehouse.Commit commit, String name) {
    String value = commit.metrics().get(name);
    return value == null ? 0L : Long.parseLong(value);
  }
}
