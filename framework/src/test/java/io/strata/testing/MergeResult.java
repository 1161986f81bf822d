package io.strata.testing;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What an incremental model's MERGE would do with a batch, from {@link ModelRun#mergeInto}.
 *
 * @param landing the rows that would be inserted or replace the table's: the newest per key, and
 *     only those newer than the table's row with their key
 * @param table the table once they are merged
 * @param quarantined the batch's rows held back before the MERGE (a null or blank key, or a
 *     quarantine rule of the model), as the transform output them
 */
public record MergeResult(Dataset<Row> landing, Dataset<Row> table, Dataset<Row> quarantined) {
  public MergeResult {
    requireNonNull(landing, "landing is null");
    requireNonNull(table, "table is null");
    requireNonNull(quarantined, "quarantined is null");
  }
}
