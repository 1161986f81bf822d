package io.strata.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Assertions helpers over DataFrames. */
public final class Tables {
  private Tables() {}

  /** An order-independent checksum of every column of every row. */
  public static long checksum(Dataset<Row> rows) {
    Column[] columns =
        Arrays.stream(rows.columns()).sorted().map(functions::col).toArray(Column[]::new);
    Row sum = rows.agg(functions.sum(functions.xxhash64(columns))).first();
    return sum.isNullAt(0) ? 0L : sum.getLong(0);
  }

  /** Rows as strings "c1|c2|..." over the given columns, sorted. */
  public static List<String> lines(Dataset<Row> rows, String... columns) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows.selectExpr(columns).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(String.valueOf(row.get(i)));
      }
      lines.add(String.join("|", values));
    }
    lines.sort(null);
    return lines;
  }
}
