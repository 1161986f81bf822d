package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.DataTest;
import io.strata.model.Dedup;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.OnSchemaChange;
import io.strata.model.TableName;
import io.strata.quality.TestResult;
import io.strata.warehouse.ColumnStats;
import io.strata.warehouse.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

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

  private static final int MAX_PRUNING_VALUES = 1000;

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
          metadata,
          fullRefresh ? "full refresh" : before.isPresent() ? "rebuilt: no watermark" : "created");
    }
    Map<TableName, Slice> slices = slices(previous.get(), latest);
    if (!lineage.sources().isEmpty() && slices.values().stream().allMatch(Slice::isEmpty)) {
      return ModelBuilder.upToDate(before, "no new data since version " + before.get());
    }
    return merge(before, previous.get(), metadata, slices);
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
    Dataset<Row> latest = latestPerKey(batch).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> rows =
        filtersBeforeMerge()
            ? newerThanTarget(latest).persist(StorageLevel.MEMORY_AND_DISK())
            : latest;
    try {
      if (rows.isEmpty()) {
        return recordWatermarkOnly(before, metadata);
      }
      Pruning pruning = pruning(rows);
      List<TestResult> tests =
          builder.testOptions().fullTests()
              ? builder.audit(
                  session, spec, afterMerge(rows, functions.lit(true)), Optional.empty())
              : builder.audit(
                  session, spec, rows, Optional.of(afterMerge(rows, testScope(pruning))));
      Column condition = keyCondition().and(pruning.condition());
      builder.commit(session, table, metadata, () -> mergeInto(rows, condition));
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
          "merged " + describe(slices) + pruning.description(),
          last.metrics(),
          tests);
    } finally {
      rows.unpersist();
      latest.unpersist();
      session.conf().unset(AUTO_MERGE);
    }
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
   * anyone else.
   */
  private Dataset<Row> afterMerge(Dataset<Row> rows, Column scope) {
    scala.collection.Seq<String> keys =
        scala.collection.JavaConverters.asScalaBuffer(incremental.uniqueKey()).toSeq();
    Dataset<Row> kept =
        warehouse
            .read(session, table)
            .as("t")
            .where(scope)
            .join(rows.select(keys.head(), keys.tail().toSeq()), keys, "left_anti");
    return kept.unionByName(rows, true);
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
    return !builder.skipsTests(spec)
        || !incremental.lookback().isZero()
        || !incremental.deletionVectors();
  }

  /**
   * Drops new rows that are not newer than the target's row for their key (replays, stale versions,
   * the lookback's re-reads): MERGE then touches, and rewrites, only the files whose rows really
   * change. Reads only the pruned partitions of the target.
   */
  private Dataset<Row> newerThanTarget(Dataset<Row> rows) {
    Column partitions = pruning(rows).condition();
    List<Column> current = new ArrayList<>();
    incremental.uniqueKey().forEach(k -> current.add(functions.col(quoted(k))));
    current.add(functions.col(quoted(incremental.orderBy())));
    current.add(functions.col(quoted(incremental.loadedAt())));
    Dataset<Row> target =
        warehouse
            .read(session, table)
            .as("t")
            .where(partitions)
            .select(current.toArray(Column[]::new));
    return rows.as("s")
        .join(
            target.as("t"),
            keyCondition().and(functions.not(functions.expr(newer()))),
            "left_anti");
  }

  /** True when the source row {@code s} should replace the target row {@code t}. */
  private String newer() {
    return String.format(
        "((t.%1$s IS NULL AND s.%1$s IS NOT NULL) OR s.%1$s > t.%1$s"
            + " OR (s.%1$s <=> t.%1$s AND (t.%2$s IS NULL OR s.%2$s > t.%2$s)))",
        quoted(incremental.orderBy()), quoted(incremental.loadedAt()));
  }

  private void mergeInto(Dataset<Row> rows, Column condition) {
    String newer = newer();
    warehouse
        .deltaTable(session, table)
        .as("t")
        .merge(rows.as("s"), condition)
        .whenMatched(newer)
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
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
   * Restricts the target to the partitions the new rows fall in, so that MERGE reads only those:
   * the distinct partition values when few, else their range.
   */
  private Pruning pruning(Dataset<Row> rows) {
    Column condition = functions.lit(true);
    List<String> described = new ArrayList<>();
    for (String column : spec.partitionBy()) {
      Column target = functions.col("t." + quoted(column));
      List<Object> distinct = new ArrayList<>();
      rows.select(functions.col(quoted(column)))
          .distinct()
          .limit(MAX_PRUNING_VALUES + 1)
          .collectAsList()
          .forEach(r -> distinct.add(r.get(0)));
      if (distinct.contains(null)) {
        continue;
      }
      if (distinct.isEmpty()) {
        condition = condition.and(functions.lit(false));
        described.add(column + " IN ()");
      } else if (distinct.size() <= MAX_PRUNING_VALUES) {
        condition =
            condition.and(target.isin(distinct.stream().map(IncrementalBuild::literal).toArray()));
        described.add(column + " IN " + distinct.size() + " values");
      } else {
        Row range = rows.agg(functions.min(quoted(column)), functions.max(quoted(column))).first();
        condition = condition.and(target.between(literal(range.get(0)), literal(range.get(1))));
        described.add(column + " BETWEEN " + range.get(0) + " AND " + range.get(1));
      }
    }
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

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
