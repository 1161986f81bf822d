package io.strata.materialize;

import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.quality.Checkpoints;
import io.strata.quality.Screening;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What of an incremental batch will land: the rows newer than the table's, found while the model's
 * relationship tests are screened over the batch.
 */
final class LandingFilter {
  private final ModelBuilder builder;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final NewerRowFilter newerRows;

  LandingFilter(
      ModelBuilder builder, SparkSession session, ModelSpec spec, NewerRowFilter newerRows) {
    this.builder = builder;
    this.session = session;
    this.spec = spec;
    this.incremental = spec.incremental().orElseThrow();
    this.newerRows = newerRows;
  }

  /**
   * The rows of a batch that will land (a local checkpoint, or the batch itself when none is
   * dropped), their summary, the batch's relationship screening, and how the rows were found.
   */
  record Landing(Dataset<Row> rows, BatchSummary summary, Screening screening, String detail) {}

  /**
   * Drops the batch's rows that are not newer than the table's while its relationship tests are
   * screened over it on a thread of their own (they read other tables); the screening is exact when
   * no row was dropped. The caller closes the screening and releases the rows.
   */
  Landing landing(Dataset<Row> latest, BatchSummary summary, boolean uniqueKey) {
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
      BatchSummary left = newer.rows() == latest ? summary : BatchSummary.of(spec, newer.rows());
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
        !builder.audits().skipsTests(spec)
            && !builder.audits().testOptions().fullTests()
            && builder.audits().checked(spec).stream()
                .anyMatch(t -> t.kind() == DataTest.Kind.RELATIONSHIP);
    if (!relationships) {
      return CompletableFuture.completedFuture(Screening.none());
    }
    return CompletableFuture.supplyAsync(
        () -> builder.audits().screen(session, spec, batch, rows, incremental.uniqueKey()),
        Threads::daemon);
  }
}
