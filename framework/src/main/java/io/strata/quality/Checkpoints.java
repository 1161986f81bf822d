package io.strata.quality;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/** Local checkpoints: rows computed once and kept in the executors' block managers. */
public final class Checkpoints {
  private Checkpoints() {}

  /** Frees a checkpoint's blocks now rather than when its RDD is garbage-collected; idempotent. */
  public static void release(Dataset<Row> checkpoint) {
    if (checkpoint.logicalPlan() instanceof LogicalRDD plan
        && !plan.rdd().getStorageLevel().equals(StorageLevel.NONE())) {
      plan.rdd().unpersist(false);
    }
  }
}
