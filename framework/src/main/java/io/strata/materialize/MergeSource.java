package io.strata.materialize;

import io.strata.quality.Checkpoints;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The source of an incremental MERGE, marked for broadcast when its checkpoint is known to fit the
 * session's broadcast threshold ({@code spark.sql.autoBroadcastJoinThreshold}; none when negative).
 *
 * <p>Spark cannot size a checkpoint, so left alone it broadcasts the other side of the MERGE's
 * joins: the target's touched files, sized from their compressed bytes, often many times the batch
 * (see docs/design.md).
 */
final class MergeSource {
  private MergeSource() {}

  /**
   * {@code source}, hinted for broadcast when {@code checkpoint}, the rows it selects from, holds
   * at most the threshold's bytes; unchanged otherwise, and Spark chooses.
   */
  static Dataset<Row> of(SparkSession session, Dataset<Row> source, Dataset<Row> checkpoint) {
    long threshold = session.sessionState().conf().autoBroadcastJoinThreshold();
    return broadcasts(Checkpoints.bytes(checkpoint), threshold)
        ? functions.broadcast(source)
        : source;
  }

  /** Whether rows of {@code bytes} (empty: not known) are broadcast under {@code threshold}. */
  static boolean broadcasts(OptionalLong bytes, long threshold) {
    return threshold >= 0 && bytes.isPresent() && bytes.getAsLong() <= threshold;
  }
}
