package io.strata.materialize;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.MapType;

/**
 * A table's rows against their recomputation: a full outer join on the key (null-safe), one
 * aggregation counting what differs, and, only when something does, a few sample rows of each
 * finding read from the rows that differ.
 *
 * <p>Values compare null-safely (two nulls are equal). Floating values are equal within a relative
 * 1e-9 (two NaNs are equal), since a sum's last bits depend on the order Spark adds in; maps
 * compare by their JSON text.
 */
final class RowComparison {
  /** The relative difference under which two floating values are equal. */
  static final double TOLERANCE = 1e-9;

  private static final String TABLE = "__strata_t_";
  private static final String RECOMPUTED = "__strata_r_";
  private static final String IN_TABLE = "__strata_in_t";
  private static final String IN_RECOMPUTED = "__strata_in_r";

  private final List<String> key;
  private final List<String> compared;
  private final Map<String, DataType> types = new LinkedHashMap<>();
  private final Dataset<Row> joined;

  /** What the comparison found; see {@link DiffReport}. */
  record Found(
      long tableRows,
      long recomputedRows,
      long onlyInTable,
      long onlyInRecomputed,
      Map<String, Long> differing,
      Map<String, List<Map<String, String>>> samples) {}

  /**
   * @param key columns both sides have, matching a table row to its recomputed row
   * @param compared the other columns both sides have
   */
  RowComparison(
      Dataset<Row> table, Dataset<Row> recomputed, List<String> key, List<String> compared) {
    this.key = List.copyOf(key);
    this.compared = List.copyOf(compared);
    for (String column : compared) {
      types.put(column, table.schema().apply(column).dataType());
    }
    Column on = lit(true);
    for (String k : key) {
      on = on.and(col(TABLE + k).eqNullSafe(col(RECOMPUTED + k)));
    }
    joined =
        prefixed(table, TABLE, IN_TABLE)
            .join(prefixed(recomputed, RECOMPUTED, IN_RECOMPUTED), on, "full_outer");
  }

  Found compare(int samples) {
    List<Column> counts = new ArrayList<>();
    counts.add(count(col(IN_RECOMPUTED)));
    counts.add(count(when(col(IN_RECOMPUTED).isNull(), 1)));
    counts.add(count(when(col(IN_TABLE).isNull(), 1)));
    for (String column : compared) {
      counts.add(count(when(matched().and(differs(column)), 1)));
    }
    Row row = joined.agg(count(col(IN_TABLE)), counts.toArray(Column[]::new)).first();
    Map<String, Long> differing = new LinkedHashMap<>();
    for (int i = 0; i < compared.size(); i++) {
      differing.put(compared.get(i), row.getLong(4 + i));
    }
    Found found =
        new Found(
            row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), differing, Map.of());
    boolean drifts =
        found.onlyInTable() + found.onlyInRecomputed() > 0
            || differing.values().stream().anyMatch(n -> n > 0);
    if (samples == 0 || !drifts) {
      return found;
    }
    return new Found(
        found.tableRows(),
        found.recomputedRows(),
        found.onlyInTable(),
        found.onlyInRecomputed(),
        differing,
        samples(differing, samples));
  }

  /** Up to {@code n} rows of each finding, read from the rows that differ, ordered by key. */
  private Map<String, List<Map<String, String>>> samples(Map<String, Long> differing, int n) {
    Column any = lit(false);
    for (String column : compared) {
      any = any.or(differs(column));
    }
    Dataset<Row> found =
        joined
            .where(col(IN_TABLE).isNull().or(col(IN_RECOMPUTED).isNull()).or(matched().and(any)))
            .localCheckpoint();
    try {
      Map<String, List<Map<String, String>>> samples = new LinkedHashMap<>();
      samples.put(
          DiffReport.ONLY_IN_TABLE, side(found.where(col(IN_RECOMPUTED).isNull()), TABLE, n));
      samples.put(
          DiffReport.ONLY_IN_RECOMPUTED, side(found.where(col(IN_TABLE).isNull()), RECOMPUTED, n));
      differing.forEach(
          (column, rows) -> {
            if (rows > 0) {
              samples.put(column, values(found.where(matched().and(differs(column))), column, n));
            }
          });
      return samples;
    } finally {
      found.unpersist();
    }
  }

  /** The rows of one side, unprefixed. */
  private List<Map<String, String>> side(Dataset<Row> rows, String prefix, int n) {
    List<Column> columns = new ArrayList<>();
    for (String name : rows.columns()) {
      if (name.startsWith(prefix)) {
        columns.add(col(name).as(name.substring(prefix.length())));
      }
    }
    return texts(rows.orderBy(keyColumns(prefix)).select(columns.toArray(Column[]::new)).limit(n));
  }

  /** The key of each row, and the column's value in the table and in the recomputation. */
  private List<Map<String, String>> values(Dataset<Row> rows, String column, int n) {
    List<Column> columns = new ArrayList<>();
    key.forEach(k -> columns.add(col(TABLE + k).as(k)));
    columns.add(col(TABLE + column).as("table"));
    columns.add(col(RECOMPUTED + column).as("recomputed"));
    return texts(rows.orderBy(keyColumns(TABLE)).select(columns.toArray(Column[]::new)).limit(n));
  }

  private Column[] keyColumns(String prefix) {
    return key.stream().map(k -> col(prefix + k)).toArray(Column[]::new);
  }

  private static List<Map<String, String>> texts(Dataset<Row> rows) {
    String[] names = rows.columns();
    List<Map<String, String>> texts = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      Map<String, String> text = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        text.put(names[i], String.valueOf(row.get(i)));
      }
      texts.add(text);
    }
    return texts;
  }

  private static Column matched() {
    return col(IN_TABLE).isNotNull().and(col(IN_RECOMPUTED).isNotNull());
  }

  /** True where the column's two values differ, by the rules above; never null. */
  private Column differs(String column) {
    Column t = col(TABLE + column);
    Column r = col(RECOMPUTED + column);
    DataType type = types.get(column);
    Column equal;
    if (type instanceof DoubleType || type instanceof FloatType) {
      Column close =
          t.equalTo(r)
              .or(isnan(t).and(isnan(r)))
              .or(abs(t.minus(r)).leq(greatest(lit(1.0), abs(t), abs(r)).multiply(TOLERANCE)));
      equal = t.isNull().and(r.isNull()).or(t.isNotNull().and(r.isNotNull()).and(close));
    } else if (type instanceof MapType) {
      equal = to_json(t).eqNullSafe(to_json(r));
    } else {
      equal = t.eqNullSafe(r);
    }
    return not(coalesce(equal, lit(false)));
  }

  /** A column by its exact name, whatever characters it holds. */
  private static Column col(String name) {
    return functions.col(SqlNames.quoted(name));
  }

  /** Every column renamed with the prefix, and a marker column that is true on every row. */
  private static Dataset<Row> prefixed(Dataset<Row> rows, String prefix, String marker) {
    List<Column> columns = new ArrayList<>();
    for (String name : rows.columns()) {
      columns.add(col(name).as(prefix + name));
    }
    columns.add(lit(true).as(marker));
    return rows.select(columns.toArray(Column[]::new));
  }
}
