package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;

import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.DataTest;
import io.strata.model.Dedup;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.Checkpoints;
import io.strata.quality.MergePreview;
import io.strata.quality.Screening;
import io.strata.quality.TestResult;
import io.strata.warehouse.ColumnStats;
import io.strata.warehouse.Warehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
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

/**
 * One build of an incremental model: a full build when the table is new or a full refresh is asked,
 * otherwise a MERGE of the rows landed since the version its last commit recorded.
 */
final class IncrementalBuild {
  static final String WATERMARK_PROPERTY = "strata.watermark";

  /** A new table's deletion-vector property; tables created earlier keep theirs. */
  static final String DELETION_VECTORS_DEFAULT =
      "spark.databricks.delta.properties.defaults.enableDeletionVectors";

  /** Whether Delta copies a MERGE's source before reading it: {@code auto} does for ours. */
  static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final ModelBuilder.Lineage lineage;
  private final TableName table;
  private final SchemaReconciler schema;
  private final NewerRowFilter newerRows;

  IncrementalBuild(
      ModelBuilder builder, SparkSession session, ModelSpec spec, ModelBuilder.Lineage lineage) {
    this.builder = builder;
    this.warehouse = builder.warehouse();
    this.session = session;
    this.spec = spec;
    this.incremental = spec.incremental().orElseThrow();
    this.lineage = lineage;
    this.table = spec.table();
    this.schema = new SchemaReconciler(builder, session, spec);
    this.newerRows = new NewerRowFilter(warehouse, session, spec);
  }

  BuildOutcome run(boolean fullRefresh) {
    Optional<Long> before = warehouse.version(session, table);
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
    Map<TableName, Slice> slices = slices(previous.get(), latest);
    if (!lineage.sources().isEmpty() && slices.values().stream().allMatch(Slice::isEmpty)) {
      return ModelBuilder.upToDate(before, "no new data since version " + before.get());
    }
    boolean unique = KeyUniqueness.proven(warehouse.commits(session, table), table.toString());
    OptionalLong since = unique ? OptionalLong.of(before.orElseThrow()) : OptionalLong.empty();
    return merge(before, previous.get(), metadata.withUniqueKeySince(since), slices);
  }

  private BuildOutcome fullBuild(Optional<Long> before, CommitMetadata metadata, String detail) {
    Dataset<Row> rows = latestPerKey(builder.fullInputs(session).computed(builder.model(spec)));
    session.conf().set(DELETION_VECTORS_DEFAULT, Boolean.toString(incremental.deletionVectors()));
    try {
      return builder.auditThenReplace(session, spec, rows, metadata, before, detail);
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
    Dataset<Row> computed = builder.slicedInputs(session, slices).computed(builder.model(spec));
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
      if (auditsBesideMerge(metadata)) {
        return mergeWhileAuditing(before, metadata, slices, latest, summary);
      }
      if (filtersBeforeMerge()) {
        Landing landing = landing(latest, summary, metadata.uniqueKeySince().isPresent());
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

  /**
   * Whether the batch is audited while the MERGE writes it, its commit held until the audit passes:
   * where the table holds one row per key, so that the MERGE's newer-only update lands exactly the
   * rows the audit keeps; without a lookback, whose re-read rows the MERGE would otherwise scan; on
   * deletion vectors, with which a MERGE rewrites only the rows it changes; and where Delta's log
   * store is Strata's, which can hold a commit.
   */
  private boolean auditsBesideMerge(CommitMetadata metadata) {
    return builder.audited(spec)
        && metadata.uniqueKeySince().isPresent()
        && incremental.lookback().isZero()
        && incremental.deletionVectors()
        && warehouse.holdsCommits(session, table);
  }

  /** What the audit beside a MERGE settled: the commit's metadata and the rows' tests. */
  private record Audited(CommitMetadata metadata, ModelBuilder.Audit audit, String detail) {}

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
            () -> auditLanding(latest, summary, metadata), ModelBuilder::daemonThread);
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
                  () -> ModelBuilder.join(auditing).metadata().toJson(),
                  () -> mergeInto(MergeSource.of(session, latest, latest), condition)));
    } catch (RuntimeException e) {
      // A failing test is why the commit was not written: it is the error, not Delta's wrapping.
      ModelBuilder.join(auditing);
      throw e;
    }
    Audited audited = ModelBuilder.join(auditing);
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
    Landing landing = landing(latest, summary, true);
    Dataset<Row> rows = landing.rows();
    BatchSummary left = landing.summary();
    try (Screening screening = landing.screening()) {
      ModelBuilder.Audit audit =
          left.rows() == 0
              ? new ModelBuilder.Audit(List.of(), new SingularGate.Checked(List.of(), Map.of()))
              : builder.auditWithGate(
                  spec,
                  () -> test(rows, left, screening),
                  () -> afterMerge(rows, left.copies(), functions.lit(true)).table());
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

  /**
   * The rows of a batch that will land (a local checkpoint, or the batch itself when none is
   * dropped), their summary, the batch's relationship screening, and how the rows were found.
   */
  private record Landing(
      Dataset<Row> rows, BatchSummary summary, Screening screening, String detail) {}

  /**
   * Drops the batch's rows that are not newer than the table's while its relationship tests are
   * screened over it on a thread of their own (they read other tables); the screening is exact when
   * no row was dropped. The caller closes the screening and releases the rows.
   */
  private Landing landing(Dataset<Row> latest, BatchSummary summary, boolean uniqueKey) {
    CompletableFuture<Screening> screened = screen(latest, summary.rows());
    Screening screening = Screening.none();
    NewerRowFilter.NewerRows newer = null;
    try {
      try {
        newer = newerRows.newerRows(latest, summary, uniqueKey);
      } finally {
        screening = screened.exceptionally(failure -> Screening.none()).join();
      }
      // The rows left may fall in fewer partitions: the lookback's re-reads are gone.
      BatchSummary left = newer.rows() == latest ? summary : summarize(newer.rows());
      return new Landing(
          newer.rows(),
          left,
          left.rows() == summary.rows() ? screening.exact() : screening,
          newer.detail());
    } catch (RuntimeException e) {
      screening.close();
      if (newer != null && newer.rows() != latest) {
        Checkpoints.release(newer.rows());
      }
      throw e;
    }
  }

  /**
   * Starts the model's relationship tests over the batch on a thread of their own, when there are
   * any; a failure there only means they run again on the rows that land.
   */
  private CompletableFuture<Screening> screen(Dataset<Row> batch, long rows) {
    boolean relationships =
        !builder.skipsTests(spec)
            && !builder.testOptions().fullTests()
            && spec.tests().stream().anyMatch(t -> t.kind() == DataTest.Kind.RELATIONSHIP);
    if (!relationships) {
      return CompletableFuture.completedFuture(Screening.none());
    }
    return CompletableFuture.supplyAsync(
        () -> builder.screen(session, spec, batch, rows, incremental.uniqueKey()),
        ModelBuilder::daemonThread);
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
    ModelBuilder.Audit audit =
        builder.auditWithGate(
            spec,
            () -> test(rows, summary, screening),
            () -> afterMerge(rows, summary.copies(), functions.lit(true)).table());
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
    long changed =
        ModelBuilder.metric(last, "numTargetRowsInserted")
            + ModelBuilder.metric(last, "numTargetRowsUpdated");
    return new BuildOutcome(
        Action.MERGED,
        changed,
        before,
        Optional.of(last.version()),
        "merged " + describe(slices) + description,
        last.metrics(),
        tests);
  }

  /**
   * Runs the model's tests on the table as the merge will leave it; none when tests are skipped.
   */
  private List<TestResult> test(Dataset<Row> rows, BatchSummary summary, Screening screening) {
    if (builder.skipsTests(spec)) {
      return List.of();
    }
    MergePreview.KeyCopies copies = summary.copies();
    if (builder.testOptions().fullTests()) {
      return builder.audit(
          session, spec, afterMerge(rows, copies, functions.lit(true)).table(), Optional.empty());
    }
    return builder.audit(
        session,
        spec,
        rows.drop(NewerRowFilter.MATCHES),
        Optional.of(afterMerge(rows, copies, testScope(summary.pruning()))),
        screening);
  }

  /**
   * The partitions the merge touches, where uniqueness is checked: a key cannot move between
   * partitions (partition columns are immutable per key), so duplicates can only arise there. A
   * row-count test needs the whole table; {@code --full-tests} checks everything.
   */
  private Column testScope(Pruning pruning) {
    boolean counts = spec.tests().stream().anyMatch(t -> t.kind() == DataTest.Kind.ROW_COUNT);
    return counts ? functions.lit(true) : pruning.condition();
  }

  /**
   * The table, within {@code scope}, as it will read once the rows are merged: tests see it before
   * anyone else. As in the MERGE, a new row replaces every target row with its key (so a key the
   * target already holds twice stays twice) and is inserted where none matches.
   */
  private MergePreview afterMerge(Dataset<Row> rows, MergePreview.KeyCopies copies, Column scope) {
    Dataset<Row> kept =
        warehouse
            .read(session, table)
            .as("t")
            .where(scope)
            .join(
                rows.select(SqlNames.columns(incremental.uniqueKey())),
                SqlNames.seq(incremental.uniqueKey()),
                "left_anti");
    Dataset<Row> merged =
        rows.withColumn(
                NewerRowFilter.MATCHES,
                functions.explode(
                    functions.sequence(functions.lit(1L), NewerRowFilter.copies(rows))))
            .drop(NewerRowFilter.MATCHES);
    return new MergePreview(kept.unionByName(merged, true), incremental.uniqueKey(), copies);
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

  /**
   * Whether rows that are not newer than the target's are dropped before the MERGE: when tests run,
   * which must see exactly the rows that land; with a lookback, whose re-read rows would otherwise
   * widen the partitions the MERGE scans; and on a table without deletion vectors, where MERGE
   * rewrites every file with a matching row whether its clause fires or not. Otherwise the MERGE's
   * {@code WHEN MATCHED AND newer} drops them within its own scan of the target, saving a second
   * read and shuffle of the pruned partitions.
   */
  private boolean filtersBeforeMerge() {
    return builder.audited(spec)
        || !incremental.lookback().isZero()
        || !incremental.deletionVectors();
  }

  /** True when the source row {@code s} should replace the target row {@code t}. */
  private String newer() {
    String order = quoted(incremental.orderBy());
    String loaded = quoted(incremental.loadedAt());
    return NewerRowFilter.replaces("s." + order, "s." + loaded, "t." + order, "t." + loaded);
  }

  /**
   * MERGEs the rows, a local checkpoint: Delta would otherwise copy a source that is not a Delta
   * scan to disk before its passes over it, to keep a source that may change between them stable; a
   * checkpoint cannot change. If an executor holding part of it is lost, the MERGE fails without
   * committing and the next build redoes it.
   */
  private void mergeInto(Dataset<Row> rows, Column condition) {
    String newer = newer();
    session.conf().set(MATERIALIZE_SOURCE, "none");
    try {
      warehouse
          .deltaTable(session, table)
          .as("t")
          .merge(rows.as("s"), condition)
          .whenMatched(newer)
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      session.conf().unset(MATERIALIZE_SOURCE);
    }
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
    return BatchSummary.of(
        rows, spec.partitionBy(), incremental.orderBy(), NewerRowFilter.copies(rows));
  }

  private Dataset<Row> latestPerKey(Dataset<Row> rows) {
    schema.requireColumns(rows);
    return Dedup.latest(
        rows, incremental.uniqueKey(), List.of(incremental.orderBy(), incremental.loadedAt()));
  }

  private static String describe(Map<TableName, Slice> slices) {
    List<String> parts = new ArrayList<>();
    slices.forEach(
        (source, slice) ->
            parts.add(source + " v" + (slice.fromExclusive() + 1) + "-" + slice.toInclusive()));
    return String.join(", ", parts);
  }
}
