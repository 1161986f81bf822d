package io.strata.materialize;

import static io.strata.model.SnapshotSpec.IS_CURRENT;
import static io.strata.model.SnapshotSpec.VALID_FROM;
import static io.strata.model.SnapshotSpec.VALID_TO;
import static java.util.Objects.requireNonNull;

import io.strata.model.Dedup;
import io.strata.model.SnapshotSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * A snapshot's history from a set of versions: the same function of the same versions whether they
 * come all at once (a full build) or as the table's rows of some keys plus a batch (a merge), so
 * the two always agree.
 */
final class SnapshotHistory {
  private static final String PREVIOUS = "__strata_previous";

  private final SnapshotSpec spec;

  SnapshotHistory(SnapshotSpec spec) {
    this.spec = requireNonNull(spec, "spec is null");
  }

  /** Every version of every key in {@code rows}, dated, each with its validity interval. */
  Dataset<Row> of(Dataset<Row> rows) {
    return intervals(versions(rows));
  }

  /** The model's columns of a history's rows: its versions as they were landed. */
  static Dataset<Row> versionsOf(Dataset<Row> history) {
    return history.drop(VALID_FROM, VALID_TO, IS_CURRENT);
  }

  /**
   * One row per version. Timestamp: one per key and {@code updatedAt}, the latest landed (as {@link
   * Dedup} ranks ties). Check: per key in landing order, the rows whose checked columns differ from
   * the row before them (one per key and landing time, as {@code Dedup} ranks them).
   */
  private Dataset<Row> versions(Dataset<Row> rows) {
    List<String> dated = new ArrayList<>(spec.uniqueKey());
    dated.add(spec.versionTime());
    Dataset<Row> perTime = Dedup.latest(rows, dated, List.of(spec.loadedAt()));
    if (spec.updatedAt().isPresent()) {
      return perTime;
    }
    Column checked =
        functions.struct(spec.checkColumns().stream().map(functions::col).toArray(Column[]::new));
    return perTime
        .withColumn(PREVIOUS, functions.lag(checked, 1).over(byKeyInTime()))
        .where(functions.not(functions.col(PREVIOUS).eqNullSafe(checked)))
        .drop(PREVIOUS);
  }

  /** Each version valid from its time to the next version's time; the last is current. */
  private Dataset<Row> intervals(Dataset<Row> versions) {
    Column time = functions.col(spec.versionTime());
    return versions
        .withColumn(VALID_FROM, time)
        .withColumn(VALID_TO, functions.lead(time, 1).over(byKeyInTime()))
        .withColumn(IS_CURRENT, functions.col(VALID_TO).isNull());
  }

  private WindowSpec byKeyInTime() {
    return Window.partitionBy(spec.uniqueKey().stream().map(functions::col).toArray(Column[]::new))
        .orderBy(functions.col(spec.versionTime()));
  }
}
