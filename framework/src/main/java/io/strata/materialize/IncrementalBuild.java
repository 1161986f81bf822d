package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;

import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.Dedup;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.Checkpoints;
import io.strata.quality.Quarantine;
import io.strata.quality.Screening;
import io.strata.quality.TestResult;
import io.strata.warehouse.ColumnStats;
import io.strata.warehouse.MergeInto;
import io.strata.warehouse.Warehouse;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * One build of an incremental model: a full build when the table is new or a full refresh is asked,
 * otherwise a MERGE of the rows landed since the version its last commit recorded.
 */
final class IncrementalBuild {
  static final String WATERMARK_PROPERTY = "strata.watermark";

  /** A new table's deletion-vector property; tables created earlier keep theirs. */
  static final String DELETION_VECTORS_DEFAULT =
      "spark.databricks.delta.properties.defaults.enableDeletionVectors";

  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final Lineage lineage;
  private final TableName table;
  private final SchemaReconciler schema;
  private final LandingFilter landings;
  private final BatchAudit batchAudit;

  IncrementalBuild(ModelBuilder builder, SparkSession session, ModelSpec spec, Lineage lineage) {
    this.builder = builder;
    this.warehouse = builder.warehouse();
    this.session = session;
    this.spec = spec;
    this.incremental = spec.incremental().orElseThrow();
    this.lineage = lineage;
    this.table = spec.table();
    this.schema = new SchemaReconciler(builder, session, spec);
    this.landings =
        new LandingFilter(builder, session, spec, new NewerRowFilter(warehouse, session, spec));
    this.batchAudit = new BatchAudit(builder, session, spec);
  }

  BuildOutcome run(boolean fullRefresh) {
    Optional<Long> before = builder.versionBefore(session, table, fullRefresh);
    Map<String, Long> latest = builder.sourceVersions(lineage);
    CommitMetadata metadata = builder.metadata(session, spec, lineage, latest);
    Optional<CommitMetadata> previous =
        before.isPresent() && !fullRefresh
            ? CommitMetadata.latest(session, warehouse, table)
            : Optional.empty();
    if (previous.isEmpty()) {
      return fullBuild(
          before,
          metadata.withUniqueKeySince(OptionalLong.of(before.orElse(-1L))),
          fullRefresh ? "full refresh" : before.isPresent() ? "rebuilt: no watermark" : "created");
    }
    ModelBuilder.CodeCheck code = builder.codeCheck(spec, lineage, previous.get(), metadata);
    if (code.rebuilds()) {
      return fullBuild(
          before,
          metadata.withUniqueKeySince(OptionalLong.of(before.orElseThrow())),
          code.change().describe());
    }
    Map<TableName, Slice> slices = slices(previous.get(), latest);
    if (!lineage.sources().isEmpty() && slices.values().stream().allMatch(Slice::isEmpty)) {
      return code.reported(
          ModelBuilder.upToDate(before, "no new data since version " + before.get()));
    }
    boolean unique = KeyUniqueness.proven(warehouse.commits(session, table), table.toString());
    OptionalLong since = unique ? OptionalLong.of(before.orElseThrow()) : OptionalLong.empty();
    return code.reported(
        merge(before, previous.get(), code.recorded(metadata).withUniqueKeySince(since), slices));
  }

  private BuildOutcome fullBuild(Optional<Long> before, CommitMetadata metadata, String detail) {
    Quarantine.Screened screened = builder.screened(session, spec, builder.fullInputs(session));
    Dataset<Row> rows = latestPerKey(screened.kept());
    session.conf().set(DELETION_VECTORS_DEFAULT, Boolean.toString(incremental.deletionVectors()));
    try {
      BuildOutcome outcome =
          builder.auditThenReplace(session, spec, rows, metadata, before, detail);
      return builder.recorded(spec, screened, outcome, true);
    } finally {
      session.conf().unset(DELETION_VECTORS_DEFAULT);
    }
  }

  private Map<TableName, Slice> slices(CommitMetadata previous, Map<String, Long> latest) {
    Optional<Timestamp> landedSince = lookbackStart();
    Map<TableName, Slice> slices = new LinkedHashMap<>();
    for (TableName source : lineage.sources()) {
      long from = previous.sources().getOrDefault(source.toString(), -1L);
      long to = latest.get(source.toString());
      slices.put(source, new Slice(from, to, landedSince));
    }
    return slices;
  }

  /** The target's latest event time less the lookback; empty without lookback or rows. */
  private Optional<Timestamp> lookbackStart() {
    if (incremental.lookback().isZero()) {
      return Optional.empty();
    }
    Optional<Timestamp> max = ColumnStats.max(session, warehouse, table, incremental.eventTime());
    return max.map(m -> Timestamp.from(m.toInstant().minus(incremental.lookback())));
  }

  private BuildOutcome merge(
      Optional<Long> before,
      CommitMetadata previous,
      CommitMetadata metadata,
      Map<TableName, Slice> slices) {
    Quarantine.Screened screened =
        builder.screened(session, spec, builder.slicedInputs(session, slices));
    BuildOutcome outcome = merge(before, previous, metadata, slices, screened.kept());
    return builder.recorded(spec, screened, outcome, false);
  }

  private BuildOutcome merge(
      Optional<Long> before,
      CommitMetadata previous,
      CommitMetadata metadata,
      Map<TableName, Slice> slices,
      Dataset<Row> computed) {
    Dataset<Row> batch = schema.reconcile(computed, previous);
    // Checkpointed rather than cached: a MERGE re-plans every cached plan that reads its target,
    // and reads a checkpointed source faster than a cached one.
    Dataset<Row> latest = latestPerKey(batch).localCheckpoint();
    Dataset<Row> rows = latest;
    Screening screening = Screening.none();
    try {
      BatchSummary summary = summarize(latest);
      if (summary.rows() == 0) {
        return recordWatermarkOnly(before, metadata);
      }
      MergePath path = MergePath.choose(facts(metadata));
      if (path == MergePath.AUDIT_BESIDE_MERGE) {
        return mergeWhileAuditing(before, metadata, slices, latest, summary);
      }
      if (path.filtersFirst()) {
        LandingFilter.Landing landing =
            landings.landing(latest, summary, metadata.uniqueKeySince().isPresent());
        rows = landing.rows();
        screening = landing.screening();
        if (rows != latest) {
          Checkpoints.release(latest);
        }
        summary = landing.summary().describedAlso(landing.detail());
        if (summary.rows() == 0) {
          return recordWatermarkOnly(before, metadata);
        }
      }
      return mergeRows(before, metadata, slices, rows, summary, screening);
    } finally {
      screening.close();
      Checkpoints.release(rows);
      Checkpoints.release(latest);
      session.conf().unset(SchemaReconciler.AUTO_MERGE);
    }
  }

  private MergePath.Facts facts(CommitMetadata metadata) {
    return new MergePath.Facts(
        builder.audits().audited(spec),
        metadata.uniqueKeySince().isPresent(),
        !incremental.lookback().isZero(),
        incremental.deletionVectors(),
        warehouse.capabilities(session));
  }

  /** What the audit beside a MERGE settled: the commit's metadata and the rows' tests. */
  private record Audited(CommitMetadata metadata, ModelAudit.Audit audit, String detail) {}

  /**
   * MERGEs the batch while, on a thread of its own, its audit finds the rows that will land and
   * tests them and the table as they will leave it; the MERGE's commit waits for the audit, carries
   * the singular tests it passed, and is never written when a test fails.
   */
  private BuildOutcome mergeWhileAuditing(
      Optional<Long> before,
      CommitMetadata metadata,
      Map<TableName, Slice> slices,
      Dataset<Row> latest,
      BatchSummary summary) {
    CompletableFuture<Audited> auditing =
        CompletableFuture.supplyAsync(
            () -> auditLanding(latest, summary, metadata), Threads::daemon);
    Column condition = keyCondition().and(summary.pruning().condition());
    try {
      builder.commit(
          session,
          table,
          metadata,
          () ->
              warehouse.holdingCommit(
                  session,
                  table,
                  () -> Threads.join(auditing).metadata().toJson(),
                  () -> mergeInto(MergeSource.of(session, latest, latest), condition)));
    } catch (RuntimeException e) {
      // A failing test is why the commit was not written: it is the error, not Delta's wrapping.
      Threads.join(auditing);
      throw e;
    }
    Audited audited = Threads.join(auditing);
    SingularGate.Checked singular = audited.audit().singular();
    String description = summary.pruning().description() + audited.detail();
    return outcome(before, audited.metadata(), slices, description, audited.audit().tests())
        .withSingularTests(singular.results());
  }

  /**
   * The audit of a batch about to be merged: drops the rows not newer than the table's (as the
   * MERGE will), then tests those left and, against the table as they will leave it, the singular
   * tests; throws {@link AuditFailure} when an error-level test fails.
   */
  private Audited auditLanding(Dataset<Row> latest, BatchSummary summary, CommitMetadata metadata) {
    LandingFilter.Landing landing = landings.landing(latest, summary, true);
    Dataset<Row> rows = landing.rows();
    BatchSummary left = landing.summary();
    try (Screening screening = landing.screening()) {
      ModelAudit.Audit audit =
          left.rows() == 0
              ? new ModelAudit.Audit(List.of(), new SingularGate.Checked(List.of(), Map.of()))
              : builder
                  .audits()
                  .auditWithGate(
                      spec,
                      () -> batchAudit.test(rows, left, screening),
                      () -> batchAudit.tableAfterMerge(rows, left.copies()));
      return new Audited(
          metadata.withSingularPasses(audit.singular().passes()),
          audit,
          landing.detail() + ", tested while the MERGE wrote");
    } finally {
      if (rows != latest) {
        Checkpoints.release(rows);
      }
    }
  }

  /** Tests the table as the rows will leave it, then merges them in one commit. */
  private BuildOutcome mergeRows(
      Optional<Long> before,
      CommitMetadata metadata,
      Map<TableName, Slice> slices,
      Dataset<Row> rows,
      BatchSummary summary,
      Screening screening) {
    Pruning pruning = summary.pruning();
    ModelAudit.Audit audit =
        builder
            .audits()
            .auditWithGate(
                spec,
                () -> batchAudit.test(rows, summary, screening),
                () -> batchAudit.tableAfterMerge(rows, summary.copies()));
    SingularGate.Checked singular = audit.singular();
    Column condition = keyCondition().and(pruning.condition());
    Dataset<Row> source = MergeSource.of(session, rows.drop(NewerRowFilter.MATCHES), rows);
    CommitMetadata checked = metadata.withSingularPasses(singular.passes());
    builder.commit(session, table, checked, () -> mergeInto(source, condition));
    return outcome(before, checked, slices, pruning.description(), audit.tests())
        .withSingularTests(singular.results());
  }

  /** What a MERGE did, from its commit; when it made none, the watermark advances on its own. */
  private BuildOutcome outcome(
      Optional<Long> before,
      CommitMetadata metadata,
      Map<TableName, Slice> slices,
      String description,
      List<TestResult> tests) {
    Warehouse.Commit last = warehouse.history(session, table, 1).get(0);
    if (before.isPresent() && last.version() == before.get()) {
      return recordWatermarkOnly(before, metadata);
    }
    return ModelBuilder.merged(
        last, before, "merged " + Slice.describe(slices) + description, tests);
  }

  /** A MERGE that changed nothing makes no commit: advance the watermark on its own. */
  private BuildOutcome recordWatermarkOnly(Optional<Long> before, CommitMetadata metadata) {
    builder.commit(
        session,
        table,
        metadata,
        () -> warehouse.setProperty(session, table, WATERMARK_PROPERTY, metadata.toJson()));
    Warehouse.Commit last = warehouse.history(session, table, 1).get(0);
    return new BuildOutcome(
        Action.MERGED,
        0,
        before,
        Optional.of(last.version()),
        "no row changed",
        Map.of(),
        List.of());
  }

  /** True when the source row {@code s} should replace the target row {@code t}. */
  private String newer(StructType rows) {
    String order = quoted(incremental.orderBy());
    String loaded = quoted(incremental.loadedAt());
    StructType hashed = NewerRowFilter.hashed(rows, warehouse.read(session, table).schema());
    return NewerRowFilter.replaces(
        new NewerRowFilter.Ranked("s." + order, "s." + loaded, Dedup.rowHash(hashed, "s.")),
        new NewerRowFilter.Ranked("t." + order, "t." + loaded, Dedup.rowHash(hashed, "t.")));
  }

  /** MERGEs the rows, a local checkpoint, replacing only target rows they are newer than. */
  private void mergeInto(Dataset<Row> rows, Column condition) {
    warehouse.merge(session, table, new MergeInto(rows, condition, newer(rows.schema())));
  }

  private Column keyCondition() {
    Column condition = functions.lit(true);
    for (String key : incremental.uniqueKey()) {
      condition =
          condition.and(
              functions.col("t." + quoted(key)).equalTo(functions.col("s." + quoted(key))));
    }
    return condition;
  }

  /** The batch's summary: its key counts and the target partitions it can touch. */
  private BatchSummary summarize(Dataset<Row> rows) {
    return BatchSummary.of(spec, rows);
  }

  private Dataset<Row> latestPerKey(Dataset<Row> rows) {
    schema.requireColumns(rows);
    return Dedup.latest(
        rows, incremental.uniqueKey(), List.of(incremental.orderBy(), incremental.loadedAt()));
  }
}
