package io.strata.materialize;

import static io.strata.model.SnapshotSpec.IS_CURRENT;
import static io.strata.model.SnapshotSpec.VALID_FROM;
import static io.strata.model.SnapshotSpec.VALID_TO;

import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.quality.AuditFailure;
import io.strata.quality.DataTestRunner;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The tests every snapshot's history passes before it is published: one current row per key (at
 * most one where hard deletes close intervals), no overlapping intervals per key, and {@code
 * valid_from < valid_to}. They run on the full history of every key the commit writes.
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
            // Overlapping: the next interval begins before this one ends (a deletion leaves a gap).
            .withColumn(
                "__strata_overlaps",
                next.isNotNull()
                    .and(functions.col(VALID_TO).isNull().or(next.lt(functions.col(VALID_TO)))))
            .withColumn(
                "__strata_current",
                functions.sum(functions.col(IS_CURRENT).cast("int")).over(Window.partitionBy(key)));
    List<Column> rules =
        List.of(
            snapshot.invalidateHardDeletes()
                ? functions.col("__strata_current").gt(1)
                : functions.col("__strata_current").notEqual(1),
            functions.col("__strata_overlaps"),
            functions.col(VALID_FROM).geq(functions.col(VALID_TO)));
    List<String> names = List.of(ONE_CURRENT, NO_OVERLAP, FROM_BEFORE_TO);
    Row counts =
        checked
            .agg(
                functions.count(functions.lit(1)),
                rules.stream().map(SnapshotChecks::failing).toArray(Column[]::new))
            .first();
    long rows = counts.getLong(0);
    String model = spec.table().toString();
    List<TestResult> results = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      long failing = counts.getLong(1 + i);
      List<String> samples =
          failing == 0
              ? List.of()
              : DataTestRunner.samples(
                  checked.where(rules.get(i)).drop("__strata_overlaps", "__strata_current"));
      results.add(
          new TestResult(
              model,
              names.get(i),
              failing == 0 ? TestStatus.PASS : TestStatus.ERROR,
              failing,
              rows,
              samples));
    }
    if (results.stream().anyMatch(r -> r.status() == TestStatus.ERROR)) {
      throw new AuditFailure(model, results);
    }
    return results;
  }

  private static Column failing(Column condition) {
    return functions.count(functions.when(functions.coalesce(condition, functions.lit(false)), 1));
  }
}
