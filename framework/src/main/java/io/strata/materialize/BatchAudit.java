package io.strata.materialize;

import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.MergePreview;
import io.strata.quality.Screening;
import io.strata.quality.TestResult;
import io.strata.warehouse.Warehouse;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The data tests of an incremental batch, run on the table as its MERGE will leave it. */
final class BatchAudit {
  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final TableName table;

  BatchAudit(ModelBuilder builder, SparkSession session, ModelSpec spec) {
    this.builder = builder;
    this.warehouse = builder.warehouse();
    this.session = session;
    this.spec = spec;
    this.incremental = spec.incremental().orElseThrow();
    this.table = spec.table();
  }

  /**
   * Runs the model's tests on the table as the merge will leave it; none when tests are skipped.
   */
  List<TestResult> test(Dataset<Row> rows, BatchSummary summary, Screening screening) {
    if (builder.audits().skipsTests(spec)) {
      return List.of();
    }
    MergePreview.KeyCopies copies = summary.copies();
    if (builder.audits().testOptions().fullTests()) {
      return builder
          .audits()
          .audit(
              session,
              spec,
              afterMerge(rows, copies, functions.lit(true)).table(),
              Optional.empty());
    }
    return builder
        .audits()
        .audit(
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
  /** The whole table as it will read once the rows are merged. */
  Dataset<Row> tableAfterMerge(Dataset<Row> rows, MergePreview.KeyCopies copies) {
    return afterMerge(rows, copies, functions.lit(true)).table();
  }

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
}
