package io.strata.materialize;

import static io.strata.model.SnapshotSpec.IS_CURRENT;
import static io.strata.model.SnapshotSpec.VALID_FROM;
import static io.strata.model.SnapshotSpec.VALID_TO;
import static java.util.Objects.requireNonNull;

import io.strata.model.Dedup;
import io.strata.model.SnapshotSpec;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A snapshot's history from a set of versions: the same function of the same versions whether they
 * come all at once (a full build) or as the table's rows of some keys plus a batch (a merge), so
 * the two always agree.
 *
 * <p>With hard deletes, a key's landings split its versions into epochs: a deletion (the key
 * missing from a landing after one that held it) ends an epoch, and the key's return starts the
 * next. Versions are compared within an epoch only, and a version of a later epoch is valid from no
 * earlier than the key's return.
 */
final class SnapshotHistory {
  /** A deletion marker's time: when the landing that missed the key landed. */
  static final String DELETED_AT = "__strata_deleted_at";

  private static final String PREVIOUS = "__strata_previous";
  private static final String TIME = "__strata_time";
  private static final String MARKER = "__strata_marker";
  private static final String EPOCH = "__strata_epoch";
  private static final String EPOCH_START = "__strata_epoch_start";
  private static final String EPOCH_END = "__strata_epoch_end";
  private static final String NEXT = "__strata_next";

  /** Stands for "before every landing of the batch" when the table's current keys are live. */
  private static final Timestamp BEFORE = Timestamp.valueOf("0001-01-01 00:00:00");

  private final SnapshotSpec spec;

  SnapshotHistory(SnapshotSpec spec) {
    this.spec = requireNonNull(spec, "spec is null");
  }

  /** Every version of every key in {@code rows}, all landed versions, with its interval. */
  Dataset<Row> of(Dataset<Row> rows) {
    if (!spec.invalidateHardDeletes()) {
      return intervals(versions(rows, List.of()), Optional.empty());
    }
    return withDeletions(rows, markers(rows, Optional.empty()));
  }

  /**
   * The history of the keys of {@code held} (the table's rows of those keys) and {@code batch} (new
   * versions), with {@code deletions} from {@link #deletions} for the batch's landings.
   */
  Dataset<Row> merged(Dataset<Row> held, Dataset<Row> batch, Dataset<Row> deletions) {
    Dataset<Row> versions = versionsOf(held).unionByName(batch, true);
    if (!spec.invalidateHardDeletes()) {
      return intervals(versions(versions, List.of()), Optional.empty());
    }
    return withDeletions(versions, pastDeletions(held).unionByName(deletions));
  }

  /**
   * The deletions the batch's landings make: keys {@code current} in the table, or present in an
   * earlier landing of the batch, that a landing misses. Empty without hard deletes.
   */
  Dataset<Row> deletions(Dataset<Row> batch, Dataset<Row> current) {
    if (!spec.invalidateHardDeletes()) {
      return batch.select(keyColumns()).withColumn(DELETED_AT, functions.lit(BEFORE)).limit(0);
    }
    return markers(batch, Optional.of(current));
  }

  /** The model's columns of a history's rows: its versions as they were landed. */
  static Dataset<Row> versionsOf(Dataset<Row> history) {
    return history.drop(VALID_FROM, VALID_TO, IS_CURRENT);
  }

  /**
   * One row per version (per epoch, when {@code epoch} is given). Timestamp: one per key and {@code
   * updatedAt}, the latest landed (as {@link Dedup} ranks ties). Check: per key in landing order,
   * the rows whose checked columns differ from the row before them.
   */
  private Dataset<Row> versions(Dataset<Row> rows, List<String> epoch) {
    List<String> dated = new ArrayList<>(spec.uniqueKey());
    dated.addAll(epoch);
    dated.add(spec.versionTime());
    Dataset<Row> perTime = Dedup.latest(rows, dated, List.of(spec.loadedAt()));
    if (spec.updatedAt().isPresent()) {
      return perTime;
    }
    Column checked =
        functions.struct(spec.checkColumns().stream().map(functions::col).toArray(Column[]::new));
    return perTime
        .withColumn(
            PREVIOUS,
            functions.lag(checked, 1).over(byKey(epoch).orderBy(functions.col(spec.loadedAt()))))
        .where(functions.not(functions.col(PREVIOUS).eqNullSafe(checked)))
        .drop(PREVIOUS);
  }

  /**
   * Each version valid from its time (or, first in an epoch, from the deletion before it) to the
   * next version's, or to the deletion that ends its epoch; the last is current.
   */
  private Dataset<Row> intervals(Dataset<Row> versions, Optional<String> epoch) {
    Column time = functions.col(spec.versionTime());
    Column from =
        epoch.isEmpty()
            ? time
            : functions.greatest(time, functions.coalesce(functions.col(EPOCH_START), time));
    List<String> partition = epoch.map(List::of).orElse(List.of());
    Column next =
        functions.lead(functions.col(VALID_FROM), 1).over(byKey(partition).orderBy(VALID_FROM));
    Column to = epoch.isEmpty() ? next : functions.coalesce(next, functions.col(EPOCH_END));
    return versions
        .withColumn(VALID_FROM, from)
        .withColumn(VALID_TO, to)
        .withColumn(IS_CURRENT, functions.col(VALID_TO).isNull());
  }

  /** The history of versions split by deletion markers into epochs. */
  private Dataset<Row> withDeletions(Dataset<Row> rows, Dataset<Row> markers) {
    Dataset<Row> events =
        rows.withColumn(TIME, functions.col(spec.loadedAt()))
            .withColumn(MARKER, functions.lit(false))
            .unionByName(
                markers
                    .withColumn(TIME, functions.col(DELETED_AT))
                    .withColumn(MARKER, functions.lit(true)),
                true);
    WindowSpec sofar =
        byKey(List.of())
            .orderBy(functions.col(TIME), functions.col(MARKER).desc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> epochs =
        events
            .withColumn(EPOCH, functions.sum(functions.col(MARKER).cast("long")).over(sofar))
            .where(functions.not(functions.col(MARKER)))
            .drop(TIME, MARKER, DELETED_AT)
            .withColumn(
                EPOCH_START,
                functions.when(
                    functions.col(EPOCH).gt(0),
                    functions.min(functions.col(spec.loadedAt())).over(byKey(List.of(EPOCH)))));
    Dataset<Row> ends =
        markers
            .withColumn(
                EPOCH,
                functions
                    .row_number()
                    .over(byKey(List.of()).orderBy(DELETED_AT))
                    .minus(1)
                    .cast("long"))
            .withColumnRenamed(DELETED_AT, EPOCH_END);
    List<String> joinOn = new ArrayList<>(spec.uniqueKey());
    joinOn.add(EPOCH);
    Dataset<Row> versions =
        versions(epochs, List.of(EPOCH)).join(ends, SqlNames.seq(joinOn), "left_outer");
    return intervals(versions, Optional.of(EPOCH)).drop(EPOCH, EPOCH_START, EPOCH_END);
  }

  /**
   * Deletion markers: a key present at a landing and missing from the next landing of {@code rows}.
   * {@code current}, the keys live before the first of them, count as present just before.
   */
  private Dataset<Row> markers(Dataset<Row> rows, Optional<Dataset<Row>> current) {
    List<Timestamp> landings =
        rows
            .select(functions.col(spec.loadedAt()).cast("timestamp"))
            .distinct()
            .as(Encoders.TIMESTAMP())
            .collectAsList()
            .stream()
            .filter(java.util.Objects::nonNull)
            .sorted()
            .toList();
    List<Row> pairs = new ArrayList<>();
    current.ifPresent(
        c -> pairs.add(RowFactory.create(BEFORE, landings.isEmpty() ? null : landings.get(0))));
    for (int i = 0; i < landings.size(); i++) {
      pairs.add(
          RowFactory.create(landings.get(i), i + 1 < landings.size() ? landings.get(i + 1) : null));
    }
    StructType schema =
        new StructType().add(TIME, DataTypes.TimestampType).add(NEXT, DataTypes.TimestampType);
    Dataset<Row> next = rows.sparkSession().createDataFrame(pairs, schema);
    Dataset<Row> presence =
        rows.select(keyWith(functions.col(spec.loadedAt()).cast("timestamp").as(TIME))).distinct();
    if (current.isPresent()) {
      presence =
          presence.unionByName(current.get().select(keyWith(functions.lit(BEFORE).as(TIME))));
    }
    List<String> keyAndTime = new ArrayList<>(spec.uniqueKey());
    keyAndTime.add(TIME);
    Dataset<Row> missedNext =
        presence
            .join(functions.broadcast(next), SqlNames.seq(List.of(TIME)))
            .where(functions.col(NEXT).isNotNull())
            .drop(TIME)
            .withColumnRenamed(NEXT, TIME);
    return missedNext
        .join(presence, SqlNames.seq(keyAndTime), "left_anti")
        .withColumnRenamed(TIME, DELETED_AT);
  }

  /**
   * The deletions a history shows: a version whose interval ends where no next version of its key
   * begins.
   */
  private Dataset<Row> pastDeletions(Dataset<Row> history) {
    Column next =
        functions.lead(functions.col(VALID_FROM), 1).over(byKey(List.of()).orderBy(VALID_FROM));
    return history
        .withColumn(NEXT, next)
        .where(functions.col(VALID_TO).isNotNull())
        .where(functions.not(functions.col(NEXT).eqNullSafe(functions.col(VALID_TO))))
        .select(keyWith(functions.col(VALID_TO).as(DELETED_AT)));
  }

  private Column[] keyColumns() {
    return spec.uniqueKey().stream().map(functions::col).toArray(Column[]::new);
  }

  private Column[] keyWith(Column other) {
    List<Column> columns = new ArrayList<>(List.of(keyColumns()));
    columns.add(other);
    return columns.toArray(Column[]::new);
  }

  private WindowSpec byKey(List<String> also) {
    List<Column> partition = new ArrayList<>(List.of(keyColumns()));
    also.forEach(c -> partition.add(functions.col(c)));
    return Window.partitionBy(partition.toArray(Column[]::new));
  }
}
