package io.strata.quality;

import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.RDDInfo;
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

  /**
   * The bytes a checkpoint's blocks hold in memory and on disk; empty when the rows are not a
   * checkpoint or their blocks are gone.
   */
  public static OptionalLong bytes(Dataset<Row> checkpoint) {
    if (checkpoint.logicalPlan() instanceof LogicalRDD plan) {
      int id = plan.rdd().id();
      for (RDDInfo info : checkpoint.sparkSession().sparkContext().getRDDStorageInfo()) {
        if (info.id() == id && info.numCachedPartitions() == info.numPartitions()) {
          return OptionalLong.of(info.memSize() + info.diskSize());
        }
      }
    }
    return OptionalLong.empty();
  }
}
