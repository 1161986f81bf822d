package io.strata.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * An incremental model's table as its MERGE will leave it, for tests to check before the commit.
 *
 * @param table the table's rows after the merge, within the partitions the merge touches (the whole
 *     table when a row-count test needs it)
 * @param uniqueKey the columns the MERGE matches on
 * @param keyCopies one row per new row (the new rows hold one row per key): the key columns and
 *     {@value #COPIES}, how many rows will hold that key (a new row updates every target row with
 *     its key, or is inserted once)
 */
public record MergePreview(Dataset<Row> table, List<String> uniqueKey, Dataset<Row> keyCopies) {
  public static final String COPIES = "__strata_copies";

  public MergePreview {
    requireNonNull(table, "table is null");
    uniqueKey = List.copyOf(requireNonNull(uniqueKey, "uniqueKey is null"));
    requireNonNull(keyCopies, "keyCopies is null");
  }

  /** Whether {@code columns} are the merge key, in any order. */
  public boolean isKey(List<String> columns) {
    return Set.copyOf(columns).equals(Set.copyOf(uniqueKey));
  }

  Column copies() {
    return functions.col(COPIES);
  }
}
