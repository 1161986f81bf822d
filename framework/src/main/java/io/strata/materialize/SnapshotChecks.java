package io.strata.materialize;

import static io.strata.model.SnapshotSpec.IS_CURRENT;
import static io.strata.model.SnapshotSpec.VALID_FROM;
import static io.strata.model.SnapshotSpec.VALID_TO;

import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.quality.AuditFailure;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The tests every snapshot's history passes before it is published: one current row per key, no
 * overlapping intervals per key, and {@code valid_from < valid_to}. They run on the full history of
 * every key the commit writes.
 */
final class SnapshotChecks {
  static final String ONE_CURRENT = "one_current_row_per_key";
  static final String NO_OVERLAP = "no_overlapping_intervals";
  static final String FROM_BEFORE_TO = "valid_from_before_valid_to";

  private SnapshotChecks() {}

  /**
   * The three tests' results over {@code history} (one Spark job).
   *
   * @throws AuditFailure when any fails: nothing is published
   */
  static List<TestResult> check(ModelSpec spec, Dataset<Row> history) {
    SnapshotSpec snapshot = spec.snapshot().orElseThrow();
    Column[] key = snapshot.uniqueKey().stream().map(functions::col).toArray(Column[]::new);
    Column next =
        functions
            .lead(functions.col(VALID_FROM), 1)
            .over(Window.partitionBy(key).orderBy(functions.col(VALID_FROM)));
    Dataset<Row> checked =
        history
            .withColumn(
                "__strata_overlaps", functions.not(functions.col(VALID_TO).eqNullSafe(next)))
            .withColumn(
                "__strata_current",
                functions.sum(functions.col(IS_CURRENT).cast("int")).over(Window.partitionBy(key)));
    Row counts =
        checked
            .agg(
                functions.count(functions.lit(1)),
                failing(functions.col("__strata_current").notEqual(1)),
                failing(functions.col("__strata_overlaps")),
                failing(functions.col(VALID_FROM).geq(functions.col(VALID_TO))))
            .first();
    long rows = counts.getLong(0);
    String model = spec.table().toString();
    List<TestResult> results =
        List.of(
            result(model, ONE_CURRENT, counts.getLong(1), rows),
            result(model, NO_OVERLAP, counts.getLong(2), rows),
            result(model, FROM_BEFORE_TO, counts.getLong(3), rows));
    if (results.stream().anyMatch(r -> r.status() == TestStatus.ERROR)) {
      throw new AuditFailure(model, results);
    }
    return results;
  }

  private static Column failing(Column condition) {
    return functions.count(functions.when(functions.coalesce(condition, functions.lit(false)), 1));
  }

  private static TestResult result(String model, String test, long failing, long rows) {
    return new TestResult(
        model, test, failing == 0 ? TestStatus.PASS : TestStatus.ERROR, failing, rows, List.of());
  }
}
