package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;
import static java.util.Objects.requireNonNull;

import io.strata.model.Dedup;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.Checkpoints;
import io.strata.warehouse.FileStatistics;
import io.strata.warehouse.ValueRange;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Drops the rows of an incremental model's batch that are not newer than the table's row with their
 * key (replays, stale versions, a lookback's re-reads), as its MERGE would: what is left is exactly
 * what lands. File statistics prove most rows newer, or their keys new, without reading the table;
 * the others are checked against the table's rows within their keys' range.
 */
final class NewerRowFilter {
  /** On a new row: how many target rows share its key, which its MERGE updates. */
  static final String MATCHES = "__strata_matches";

  /** On a target key: its greatest (order, landed) pair. */
  private static final String NEWEST = "__strata_newest";

  /** Up to this many new rows, their keys are broadcast to filter the target's rows. */
  private static final long BROADCAST_KEYS = 2_000_000;

  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final TableName table;

  NewerRowFilter(Warehouse warehouse, SparkSession session, ModelSpec spec) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.session = requireNonNull(session, "session is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.incremental = spec.incremental().orElseThrow();
    this.table = spec.table();
  }

  /**
   * The rows that will change the table: the batch itself when none is dropped, else a local
   * checkpoint the caller releases; and how they were found, for progress output.
   */
  record NewerRows(Dataset<Row> rows, String detail) {
    NewerRows {
      requireNonNull(rows, "rows is null");
      requireNonNull(detail, "detail is null");
    }
  }

  /**
   * The new rows newer than the target's with their key. Where the table holds one row per key,
   * rows that file statistics prove newer are kept unread, and so are the others when the
   * statistics prove their keys absent from the table; otherwise those go through {@link
   * #newerThanTarget}, which reads only the target's rows within their keys' range. When no row is
   * dropped, the batch itself is returned.
   */
  NewerRows newerRows(Dataset<Row> latest, BatchSummary summary, boolean uniqueKey) {
    if (!uniqueKey) {
      return everyRowChecked(latest, summary);
    }
    Optional<FileStatistics> statistics = warehouse.statistics(session, table);
    if (statistics.isEmpty()) {
      return everyRowChecked(latest, summary);
    }
    FileStatistics stats = statistics.get();
    NewerByStatistics.Proof proof =
        NewerByStatistics.proof(
            stats, spec.partitionBy(), incremental.orderBy(), summary.partitions());
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
    List<ValueRange> ranges = keyRanges(range);
    if (newKeys(stats, open, ranges)) {
      return new NewerRows(latest, detail + " and new to it in the other " + unproved);
    }
    Dataset<Row> checked =
        newerThanTarget(
                rest,
                summary.restrictedTo(spec.partitionBy(), open),
                within(ranges, stats.schema()))
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

  /** How many rows will hold each row's key: every target row it updates, or itself inserted. */
  static Column copies(Dataset<Row> rows) {
    return Arrays.asList(rows.columns()).contains(MATCHES)
        ? functions.greatest(functions.col(MATCHES), functions.lit(1L))
        : functions.lit(1L);
  }

  /**
   * A source row replaces a target row when it comes first in {@link Dedup}'s order: its order
   * value is greater (a value beats null); or equal, and it landed later (a time beats null); or
   * equal on both, and its row hash is greater. Two rows tied on everything are the same row.
   */
  static String replaces(Ranked source, Ranked target) {
    return String.format(
        "(%s OR (%s <=> %s AND (%s OR (%s <=> %s AND %s > %s))))",
        greater(source.order(), target.order()),
        source.order(),
        target.order(),
        greater(source.loaded(), target.loaded()),
        source.loaded(),
        target.loaded(),
        source.hash(),
        target.hash());
  }

  /**
   * The columns a new row and a table row are hashed on to break ties: the new rows' columns the
   * table has too (a column the batch adds is not in the table's rows yet). Without a schema
   * change, every column, as {@link Dedup} hashes them.
   */
  static StructType hashed(StructType rows, StructType table) {
    java.util.Set<String> existing = new HashSet<>();
    Arrays.stream(table.fieldNames()).forEach(n -> existing.add(n.toLowerCase(Locale.ROOT)));
    return new StructType(
        Arrays.stream(rows.fields())
            .filter(f -> existing.contains(f.name().toLowerCase(Locale.ROOT)))
            .toArray(StructField[]::new));
  }

  /** The SQL of a row's place in {@link Dedup}'s order: order value, landing time, row hash. */
  record Ranked(String order, String loaded, String hash) {
    Ranked {
      requireNonNull(order, "order is null");
      requireNonNull(loaded, "loaded is null");
      requireNonNull(hash, "hash is null");
    }
  }

  /** {@code a} after {@code b} in descending order with nulls last. */
  private static String greater(String a, String b) {
    return String.format("((%2$s IS NULL AND %1$s IS NOT NULL) OR %1$s > %2$s)", a, b);
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
      FileStatistics stats,
      List<NewerByStatistics.BatchPartition> partitions,
      List<ValueRange> ranges) {
    Set<List<Object>> values = new HashSet<>();
    partitions.forEach(p -> values.add(p.values()));
    return ranges.stream().anyMatch(r -> stats.excludes(spec.partitionBy(), values, r));
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
  private List<ValueRange> keyRanges(Row range) {
    List<ValueRange> ranges = new ArrayList<>();
    for (int i = 0; i < incremental.uniqueKey().size(); i++) {
      if (!range.isNullAt(1 + 2 * i)) {
        ranges.add(
            new ValueRange(
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
  private static Column within(List<ValueRange> ranges, StructType schema) {
    Column condition = functions.lit(true);
    for (ValueRange range : ranges) {
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
   * Drops new rows that are not newer than every target row with their key: MERGE then touches, and
   * rewrites, only the files whose rows really change. Each row kept carries {@value #MATCHES}, how
   * many target rows share its key. Reads only the pruned partitions of the target, within {@code
   * within}, and aggregates only its rows with a new key.
   */
  private Dataset<Row> newerThanTarget(Dataset<Row> rows, BatchSummary summary, Column within) {
    String order = quoted(incremental.orderBy());
    String loaded = quoted(incremental.loadedAt());
    Column[] keyColumns = SqlNames.columns(incremental.uniqueKey());
    scala.collection.Seq<String> keys = SqlNames.seq(incremental.uniqueKey());
    // Newer than every target row is newer than the greatest, nulls first as in replaces().
    Dataset<Row> target = warehouse.read(session, table);
    String hash = Dedup.rowHash(hashed(rows.schema(), target.schema()), "");
    Dataset<Row> newKeys = rows.select(keyColumns);
    if (summary.rows() <= BROADCAST_KEYS) {
      newKeys = functions.broadcast(newKeys);
    }
    Dataset<Row> perKey =
        target
            .as("t")
            .where(summary.pruning().condition().and(within))
            .join(newKeys, keys, "left_semi")
            .groupBy(keyColumns)
            .agg(
                functions.count(functions.lit(1)).as(MATCHES),
                functions
                    .max(
                        functions.struct(
                            functions.col(order).as("o"),
                            functions.col(loaded).as("l"),
                            functions.expr(hash).as("h")))
                    .as(NEWEST));
    List<Column> kept = new ArrayList<>(List.of(SqlNames.columns(List.of(rows.columns()))));
    kept.add(functions.coalesce(functions.col(MATCHES), functions.lit(0L)).as(MATCHES));
    Column replaces =
        functions
            .col(NEWEST)
            .isNull()
            .or(
                functions.expr(
                    replaces(
                        new Ranked(order, loaded, hash),
                        new Ranked(NEWEST + ".o", NEWEST + ".l", NEWEST + ".h"))));
    return rows.join(perKey, keys, "left_outer")
        .where(replaces)
        .select(kept.toArray(Column[]::new));
  }
}
