package io.strata.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An incremental model's table as its MERGE will leave it, for tests to check before the commit.
 *
 * @param table the table's rows after the merge, within the partitions the merge touches (the whole
 *     table when a row-count test needs it)
 * @param uniqueKey the columns the MERGE matches on
 * @param keyCopies how many rows will hold the new rows' keys
 */
public record MergePreview(Dataset<Row> table, List<String> uniqueKey, KeyCopies keyCopies) {
  /**
   * How many rows will hold the new rows' keys once merged: a new row updates every target row with
   * its key, or is inserted once.
   *
   * @param keys the new rows, one per key
   * @param repeated the rows that will hold a new key held by more than one row
   * @param rows the rows that will hold a new key
   */
  public record KeyCopies(long keys, long repeated, long rows) {
    public KeyCopies {
      if (keys < 0 || repeated < 0 || rows < keys) {
        throw new IllegalArgumentException(
            "inconsistent copies: keys " + keys + ", repeated " + repeated + ", rows " + rows);
      }
    }
  }

  public MergePreview {
    requireNonNull(table, "table is null");
    uniqueKey = List.copyOf(requireNonNull(uniqueKey, "uniqueKey is null"));
    requireNonNull(keyCopies, "keyCopies is null");
  }

  /** Whether {@code columns} are the merge key, in any order. */
  public boolean isKey(List<String> columns) {
    return Set.copyOf(columns).equals(Set.copyOf(uniqueKey));
  }
}
