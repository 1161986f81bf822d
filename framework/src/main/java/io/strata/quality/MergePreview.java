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
    public static final KeyCopies NONE = new KeyCopies(0, 0, 0);

    public KeyCopies {
      if (keys < 0 || repeated < 0 || rows < keys) {
        throw new IllegalArgumentException(
            "inconsistent copies: keys " + keys + ", repeated " + repeated + ", rows " + rows);
      }
    }

    /**
     * Over rows of one key each, holding in {@code copies} how many rows will hold that key: the
     * three aggregates {@link #of} reads back.
     */
    public static Column[] aggregates(Column copies) {
      return new Column[] {
        functions.count(functions.lit(1)),
        functions.sum(functions.when(copies.gt(1), copies).otherwise(0L)),
        functions.sum(copies)
      };
    }

    /** The {@link #aggregates} of a row, from column {@code at} on; a null sum is none. */
    public static KeyCopies of(Row row, int at) {
      return new KeyCopies(
          row.getLong(at),
          row.isNullAt(at + 1) ? 0 : row.getLong(at + 1),
          row.isNullAt(at + 2) ? 0 : row.getLong(at + 2));
    }

    public KeyCopies plus(KeyCopies other) {
      return new KeyCopies(keys + other.keys, repeated + other.repeated, rows + other.rows);
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
