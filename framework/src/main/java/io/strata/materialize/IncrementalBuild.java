package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;

import io.strata.error.Errors;
import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.DataTest;
import io.strata.model.Dedup;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.OnSchemaChange;
import io.strata.model.TableName;
import io.strata.quality.Checkpoints;
import io.strata.quality.MergePreview;
import io.strata.quality.Screening;
import io.strata.quality.TestResult;
import io.strata.warehouse.ColumnStats;
import io.strata.warehouse.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One build of an incremental model: a full build when the table is new or a full refresh is asked,
 * otherwise a MERGE of the rows landed since the version its last commit recorded.
 */
final class IncrementalBuild {
  static final String AUTO_MERGE = "spark.databricks.delta.schema.autoMerge.enabled";
  static final String WATERMARK_PROPERTY = "strata.watermark";

  /** A new table's deletion-vector property; tables created earlier keep theirs. */
  static final String DELETION_VECTORS_DEFAULT =
      "spark.databricks.delta.properties.defaults.enableDeletionVectors";

  /** Whether Delta copies a MERGE's source before reading it: {@code auto} does for ours. */
  static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

  private static final int MAX_PRUNING_VALUES = 1000;

  /** Up to this many new rows, their keys are broadcast to filter the target's rows. */
  private static final long BROADCAST_KEYS = 2_000_000;

  /** On a new row: how many target rows share its key, which its MERGE updates. */
  private static final String MATCHES = "__strata_matches";

  /** On a target key: its greatest (order, landed) pair. */
  private static final String NEWEST = "__strata_newest";

  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final ModelBuilder.Lineage lineage;
  private final TableName table;

  IncrementalBuild(
      ModelBuilder builder, SparkSession session, ModelSpec spec, ModelBuilder.Lineage lineage) {
    this.builder = builder;
    this.warehouse = builder.warehouse();
    this.session = session;
    this.spec = spec;
    this.incremental = spec.incremental().orElseThrow();
    this.lineage = lineage;
    this.table = spec.table();
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
    Dataset<Row> batch = reconcile(computed, previous);
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
      session.conf().unset(AUTO_MERGE);
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
                  () -> mergeInto(latest, condition)));
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
    NewerRows newer = null;
    try {
      try {
        newer = newerRows(latest, summary, uniqueKey);
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
    Dataset<Row> source = rows.drop(MATCHES);
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
        rows.drop(MATCHES),
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
            .join(rows.select(keyColumns()), keySeq(), "left_anti");
    Dataset<Row> merged =
        rows.withColumn(
                MATCHES, functions.explode(functions.sequence(functions.lit(1L), copies(rows))))
            .drop(MATCHES);
    return new MergePreview(kept.unionByName(merged, true), incremental.uniqueKey(), copies);
  }

  /** How many rows will hold each row's key: every target row it updates, or itself inserted. */
  private static Column copies(Dataset<Row> rows) {
    return Arrays.asList(rows.columns()).contains(MATCHES)
        ? functions.greatest(functions.col(MATCHES), functions.lit(1L))
        : functions.lit(1L);
  }

  private Column[] keyColumns() {
    return incremental.uniqueKey().stream()
        .map(k -> functions.col(quoted(k)))
        .toArray(Column[]::new);
  }

  private scala.collection.Seq<String> keySeq() {
    return scala.collection.JavaConverters.asScalaBuffer(incremental.uniqueKey()).toList();
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

  /** The rows that will change the table, as a local checkpoint, and how they were found. */
  private record NewerRows(Dataset<Row> rows, String detail) {}

  /**
   * The new rows newer than the target's with their key. Where the table holds one row per key,
   * rows that file statistics prove newer are kept unread, and so are the others when the
   * statistics prove their keys absent from the table; otherwise those go through {@link
   * #newerThanTarget}, which reads only the target's rows within their keys' range. When no row is
   * dropped, the batch itself is returned.
   */
  private NewerRows newerRows(Dataset<Row> latest, BatchSummary summary, boolean uniqueKey) {
    if (!uniqueKey) {
      return everyRowChecked(latest, summary);
    }
    Snapshot snapshot = warehouse.snapshot(session, table);
    NewerByStatistics.Proof proof =
        NewerByStatistics.proof(
            snapshot, spec.partitionBy(), incremental.orderBy(), summary.partitions());
    if (proof.isEmpty()) {
      return everyRowChecked(latest, summary);
    }
    List<NewerByStatistics.BatchPartition> open =
        summary.partitions().stream().filter(p -> !proof.provesAll(p)).toList();
    if (open.isEmpty()) {
      return new NewerRows(
          latest, ", newer than the table's by file statistics in every partition");
    }
    Column proved = proof.rows(spec.partitionBy(), incremental.orderBy());
    Dataset<Row> rest = latest.where(functions.not(proved));
    Row range = rest.agg(functions.count(functions.lit(1)), keyRangeAggregates()).first();
    long unproved = range.getLong(0);
    String detail =
        String.format(
            ", newer than the table's by file statistics in %d of %d rows",
            summary.rows() - unproved, summary.rows());
    if (unproved == 0) {
      return new NewerRows(latest, detail);
    }
    List<ColumnStats.ValueRange> ranges = keyRanges(range);
    if (newKeys(snapshot, open, ranges)) {
      return new NewerRows(latest, detail + " and new to it in the other " + unproved);
    }
    Dataset<Row> checked =
        newerThanTarget(rest, restrictedTo(summary, open), within(ranges, snapshot.schema()))
            .localCheckpoint();
    if (checked.count() == unproved) {
      Checkpoints.release(checked);
      return new NewerRows(latest, detail);
    }
    Dataset<Row> kept = latest.where(proved).withColumn(MATCHES, functions.lit(null).cast("long"));
    try {
      return new NewerRows(kept.unionByName(checked).localCheckpoint(), detail);
    } finally {
      Checkpoints.release(checked);
    }
  }

  private NewerRows everyRowChecked(Dataset<Row> latest, BatchSummary summary) {
    return new NewerRows(
        newerThanTarget(latest, summary, functions.lit(true)).localCheckpoint(), "");
  }

  /**
   * Whether the file statistics prove that the table holds none of the keys in {@code ranges}, in
   * the partitions: a row matches only a row with each of its key's values.
   */
  private boolean newKeys(
      Snapshot snapshot,
      List<NewerByStatistics.BatchPartition> partitions,
      List<ColumnStats.ValueRange> ranges) {
    Set<List<Object>> values = new HashSet<>();
    partitions.forEach(p -> values.add(p.values()));
    return ranges.stream()
        .anyMatch(r -> ColumnStats.excludes(snapshot, spec.partitionBy(), values, r));
  }

  /** The least and the greatest value of each key column, in pairs. */
  private Column[] keyRangeAggregates() {
    List<Column> aggregates = new ArrayList<>();
    for (String key : incremental.uniqueKey()) {
      aggregates.add(functions.min(functions.col(quoted(key))));
      aggregates.add(functions.max(functions.col(quoted(key))));
    }
    return aggregates.toArray(Column[]::new);
  }

  /**
   * Each key column's range from a row of {@link #keyRangeAggregates} (after a row count); none for
   * a column whose values are all null.
   */
  private List<ColumnStats.ValueRange> keyRanges(Row range) {
    List<ColumnStats.ValueRange> ranges = new ArrayList<>();
    for (int i = 0; i < incremental.uniqueKey().size(); i++) {
      if (!range.isNullAt(1 + 2 * i)) {
        ranges.add(
            new ColumnStats.ValueRange(
                incremental.uniqueKey().get(i), range.get(1 + 2 * i), range.get(2 + 2 * i)));
      }
    }
    return ranges;
  }

  /**
   * Restricts the target's key columns to {@code ranges}: a target row outside them shares no key
   * with the rows, and Delta skips the files its statistics place outside. A binary or nested key
   * column is not restricted. {@code schema} is the table's.
   */
  private static Column within(List<ColumnStats.ValueRange> ranges, StructType schema) {
    Column condition = functions.lit(true);
    for (ColumnStats.ValueRange range : ranges) {
      DataType type =
          Arrays.stream(schema.fields())
              .filter(f -> f.name().equalsIgnoreCase(range.column()))
              .map(StructField::dataType)
              .findFirst()
              .orElse(DataTypes.NullType);
      if (type instanceof AtomicType && !(type instanceof BinaryType)) {
        condition =
            condition.and(
                functions
                    .col("t." + quoted(range.column()))
                    .between(functions.lit(range.low()), functions.lit(range.high())));
      }
    }
    return condition;
  }

  /**
   * Drops new rows that are not newer than every target row with their key (replays, stale
   * versions, the lookback's re-reads): MERGE then touches, and rewrites, only the files whose rows
   * really change. Each row kept carries {@value #MATCHES}, how many target rows share its key.
   * Reads only the pruned partitions of the target, within {@code within}, and aggregates only its
   * rows with a new key.
   */
  private Dataset<Row> newerThanTarget(Dataset<Row> rows, BatchSummary summary, Column within) {
    String order = quoted(incremental.orderBy());
    String loaded = quoted(incremental.loadedAt());
    // Newer than every target row is newer than the greatest, nulls first as in newer().
    Dataset<Row> newKeys = rows.select(keyColumns());
    if (summary.rows() <= BROADCAST_KEYS) {
      newKeys = functions.broadcast(newKeys);
    }
    Dataset<Row> perKey =
        warehouse
            .read(session, table)
            .as("t")
            .where(summary.pruning().condition().and(within))
            .join(newKeys, keySeq(), "left_semi")
            .groupBy(keyColumns())
            .agg(
                functions.count(functions.lit(1)).as(MATCHES),
                functions
                    .max(
                        functions.struct(
                            functions.col(order).as("o"), functions.col(loaded).as("l")))
                    .as(NEWEST));
    List<Column> kept = new ArrayList<>();
    for (String name : rows.columns()) {
      kept.add(functions.col(quoted(name)));
    }
    kept.add(functions.coalesce(functions.col(MATCHES), functions.lit(0L)).as(MATCHES));
    Column replaces =
        functions
            .col(NEWEST)
            .isNull()
            .or(functions.expr(replaces(order, loaded, NEWEST + ".o", NEWEST + ".l")));
    return rows.join(perKey, keySeq(), "left_outer")
        .where(replaces)
        .select(kept.toArray(Column[]::new));
  }

  /** True when the source row {@code s} should replace the target row {@code t}. */
  private String newer() {
    String order = quoted(incremental.orderBy());
    String loaded = quoted(incremental.loadedAt());
    return replaces("s." + order, "s." + loaded, "t." + order, "t." + loaded);
  }

  /**
   * A source row replaces a target row when its order value is greater (a value beats null), or
   * equal and landed later (or the target's landing time is unknown).
   */
  private static String replaces(
      String sourceOrder, String sourceLoaded, String targetOrder, String targetLoaded) {
    return String.format(
        "((%3$s IS NULL AND %1$s IS NOT NULL) OR %1$s > %3$s"
            + " OR (%1$s <=> %3$s AND (%4$s IS NULL OR %2$s > %4$s)))",
        sourceOrder, sourceLoaded, targetOrder, targetLoaded);
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

  /** A predicate on the target's partition columns, and how it reads in progress output. */
  private record Pruning(Column condition, String description) {}

  /**
   * How many rows will hold a batch's keys, and the partitions of the target it can touch: listed
   * when few, else only bounded by {@code pruning}.
   */
  private record BatchSummary(
      MergePreview.KeyCopies copies,
      Pruning pruning,
      List<NewerByStatistics.BatchPartition> partitions) {
    long rows() {
      return copies.keys();
    }

    BatchSummary describedAlso(String detail) {
      return new BatchSummary(
          copies, new Pruning(pruning.condition(), pruning.description() + detail), partitions);
    }
  }

  /** The summary with the target pruned to some of its partitions; the counts stay the batch's. */
  private BatchSummary restrictedTo(
      BatchSummary summary, List<NewerByStatistics.BatchPartition> partitions) {
    return new BatchSummary(summary.copies(), valuesPruning(partitions), partitions);
  }

  /**
   * Counts the rows and the rows their keys will have once merged, and finds the partitions they
   * fall in, in one job: the MERGE condition then restricts the target to those partitions (their
   * values when few, else their range).
   */
  private BatchSummary summarize(Dataset<Row> rows) {
    Column[] partitions =
        spec.partitionBy().stream().map(c -> functions.col(quoted(c))).toArray(Column[]::new);
    Column order = functions.col(quoted(incremental.orderBy()));
    List<Column> aggregates =
        new ArrayList<>(List.of(MergePreview.KeyCopies.aggregates(copies(rows))));
    aggregates.add(
        functions
            .when(functions.max(order.isNull()), functions.lit(null))
            .otherwise(functions.min(order)));
    Column first = aggregates.get(0);
    Column[] rest = aggregates.subList(1, aggregates.size()).toArray(Column[]::new);
    List<Row> groups =
        rows.groupBy(partitions).agg(first, rest).limit(MAX_PRUNING_VALUES + 1).collectAsList();
    if (groups.size() > MAX_PRUNING_VALUES) {
      Row total = rows.agg(first, rest).first();
      return new BatchSummary(MergePreview.KeyCopies.of(total, 0), rangePruning(rows), List.of());
    }
    MergePreview.KeyCopies copies = MergePreview.KeyCopies.NONE;
    List<NewerByStatistics.BatchPartition> listed = new ArrayList<>();
    for (Row group : groups) {
      copies = copies.plus(MergePreview.KeyCopies.of(group, partitions.length));
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < partitions.length; i++) {
        values.add(group.get(i));
      }
      listed.add(new NewerByStatistics.BatchPartition(values, group.get(partitions.length + 3)));
    }
    return new BatchSummary(copies, valuesPruning(listed), listed);
  }

  /** Restricts each partition column to the values it takes in {@code partitions}. */
  private Pruning valuesPruning(List<NewerByStatistics.BatchPartition> partitions) {
    Column condition = functions.lit(true);
    List<String> described = new ArrayList<>();
    for (int i = 0; i < spec.partitionBy().size(); i++) {
      String column = spec.partitionBy().get(i);
      Set<Object> distinct = new LinkedHashSet<>();
      for (NewerByStatistics.BatchPartition partition : partitions) {
        distinct.add(partition.values().get(i));
      }
      if (distinct.contains(null)) {
        continue;
      }
      condition =
          condition.and(
              functions
                  .col("t." + quoted(column))
                  .isin(distinct.stream().map(IncrementalBuild::literal).toArray()));
      described.add(column + " IN " + distinct.size() + " values");
    }
    return pruning(condition, described);
  }

  /**
   * Restricts each partition column to the batch's range of values; a column where some new row
   * holds null is not restricted.
   */
  private Pruning rangePruning(Dataset<Row> rows) {
    List<Column> bounds = new ArrayList<>();
    for (String column : spec.partitionBy()) {
      Column value = functions.col(quoted(column));
      bounds.add(functions.min(value));
      bounds.add(functions.max(value));
      bounds.add(functions.max(value.isNull()));
    }
    Row range =
        rows.agg(bounds.get(0), bounds.subList(1, bounds.size()).toArray(Column[]::new)).first();
    Column condition = functions.lit(true);
    List<String> described = new ArrayList<>();
    for (int i = 0; i < spec.partitionBy().size(); i++) {
      Object low = range.get(3 * i);
      Object high = range.get(3 * i + 1);
      if (low == null || range.getBoolean(3 * i + 2)) {
        continue;
      }
      String column = spec.partitionBy().get(i);
      condition =
          condition.and(functions.col("t." + quoted(column)).between(literal(low), literal(high)));
      described.add(column + " BETWEEN " + low + " AND " + high);
    }
    return pruning(condition, described);
  }

  private static Pruning pruning(Column condition, List<String> described) {
    return new Pruning(
        condition,
        described.isEmpty() ? "" : ", target pruned to " + String.join(" AND ", described));
  }

  private static Object literal(Object value) {
    if (value instanceof Date || value instanceof Timestamp) {
      return functions.lit(value);
    }
    return value;
  }

  /** Applies on_schema_change to the new rows; may rewrite the table first (sync_all_columns). */
  private Dataset<Row> reconcile(Dataset<Row> rows, CommitMetadata previous) {
    requireColumns(rows);
    StructType target = warehouse.read(session, table).schema();
    SchemaDiff diff = SchemaDiff.between(target, rows.schema());
    if (diff.isEmpty()) {
      return rows;
    }
    OnSchemaChange policy = incremental.onSchemaChange();
    switch (policy) {
      case FAIL ->
          throw Errors.schemaDrift(spec.name(), diff.added(), diff.removed(), diff.retyped());
      case IGNORE -> {
        return conform(rows, target, false);
      }
      case APPEND_NEW_COLUMNS -> {
        session.conf().set(AUTO_MERGE, "true");
        return conform(rows, target, true);
      }
      case SYNC_ALL_COLUMNS -> {
        if (!diff.removed().isEmpty() || !diff.retyped().isEmpty()) {
          rewriteTable(rows.schema(), previous);
        }
        session.conf().set(AUTO_MERGE, "true");
        return rows;
      }
      default -> throw new IllegalStateException("unhandled policy " + policy);
    }
  }

  private void requireColumns(Dataset<Row> rows) {
    Set<String> present = new HashSet<>();
    for (String name : rows.schema().fieldNames()) {
      present.add(name.toLowerCase(Locale.ROOT));
    }
    List<String> missing =
        incremental.requiredColumns().stream()
            .filter(c -> !present.contains(c.toLowerCase(Locale.ROOT)))
            .toList();
    if (!missing.isEmpty()) {
      throw Errors.incrementalColumnsMissing(
          spec.name(), missing, Arrays.asList(rows.schema().fieldNames()));
    }
  }

  /**
   * The rows with the table's columns by name: a missing column as null, a retyped one cast to the
   * table's type, and new columns kept only when the table will gain them.
   */
  private static Dataset<Row> conform(Dataset<Row> rows, StructType target, boolean keepNew) {
    Set<String> rowColumns = new HashSet<>();
    for (String name : rows.schema().fieldNames()) {
      rowColumns.add(name.toLowerCase(Locale.ROOT));
    }
    List<Column> columns = new ArrayList<>();
    Set<String> targetColumns = new HashSet<>();
    for (StructField field : target.fields()) {
      String name = field.name();
      targetColumns.add(name.toLowerCase(Locale.ROOT));
      Column value =
          rowColumns.contains(name.toLowerCase(Locale.ROOT))
              ? functions.col(quoted(name))
              : functions.lit(null);
      columns.add(value.cast(field.dataType()).as(name));
    }
    if (keepNew) {
      for (String name : rows.schema().fieldNames()) {
        if (!targetColumns.contains(name.toLowerCase(Locale.ROOT))) {
          columns.add(functions.col(quoted(name)));
        }
      }
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /** Rewrites the table to the new columns by name, keeping the previous watermark. */
  private void rewriteTable(StructType schema, CommitMetadata previous) {
    Dataset<Row> existing = warehouse.read(session, table);
    Set<String> existingColumns = new HashSet<>();
    for (String name : existing.schema().fieldNames()) {
      existingColumns.add(name.toLowerCase(Locale.ROOT));
    }
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column value =
          existingColumns.contains(field.name().toLowerCase(Locale.ROOT))
              ? functions.col(quoted(field.name()))
              : functions.lit(null);
      columns.add(value.cast(field.dataType()).as(field.name()));
    }
    Dataset<Row> rewritten = existing.select(columns.toArray(Column[]::new));
    builder.commit(
        session, table, previous, () -> warehouse.overwrite(rewritten, table, spec.partitionBy()));
  }

  private Dataset<Row> latestPerKey(Dataset<Row> rows) {
    requireColumns(rows);
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
