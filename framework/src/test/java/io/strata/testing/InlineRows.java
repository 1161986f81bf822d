package io.strata.testing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows written in a test, with their columns' types: {@code rows("order_id STRING, amount_cents
 * BIGINT").row("o1", 1234L).row("o2", null)}. Immutable: {@link #row} returns new rows.
 *
 * <p>Values are Java's for each Spark type, with a few conveniences: any integral number for an
 * integral column, any number for {@code DOUBLE}, {@code FLOAT} and {@code DECIMAL} (and a string
 * for a decimal), an {@link Instant} or an ISO-8601 string ({@code "2026-03-10T10:00:00Z"}, or
 * {@code "2026-03-10 10:00:00"} in UTC) for a {@code TIMESTAMP}, a {@link LocalDate} or {@code
 * "2026-03-10"} for a {@code DATE}. Anything else must be the exact type Spark uses; {@code null}
 * is null.
 */
public record InlineRows(StructType schema, List<Row> rows) implements Rows {
  public InlineRows {
    requireNonNull(schema, "schema is null");
    rows = List.copyOf(requireNonNull(rows, "rows is null"));
  }

  /** No rows yet, of the columns in Spark DDL. */
  static InlineRows of(String columns) {
    requireNonNull(columns, "columns is null");
    return new InlineRows(StructType.fromDDL(columns), List.of());
  }

  /** These rows and one more, one value per column in order. */
  public InlineRows row(Object... values) {
    StructField[] fields = schema.fields();
    if (values == null) {
      values = new Object[] {null};
    }
    if (values.length != fields.length) {
      throw new IllegalArgumentException(
          String.format(
              "row %d has %d values for %d columns (%s)",
              rows.size() + 1, values.length, fields.length, String.join(", ", schema.names())));
    }
    Object[] converted = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      converted[i] = convert(values[i], fields[i], rows.size() + 1);
    }
    List<Row> more = new ArrayList<>(rows);
    more.add(RowFactory.create(converted));
    return new InlineRows(schema, more);
  }

  @Override
  public Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, schema);
  }

  private static Object convert(Object value, StructField field, int row) {
    if (value == null) {
      return null;
    }
    DataType type = field.dataType();
    Object converted = converted(value, type);
    if (converted == null) {
      throw new IllegalArgumentException(
          String.format(
              "row %d, column %s (%s): %s is a %s, which does not fit",
              row, field.name(), type.sql(), value, value.getClass().getSimpleName()));
    }
    return converted;
  }

  /** The value as Spark's Java type for {@code type}; null when it does not fit. */
  private static Object converted(Object value, DataType type) {
    boolean integral =
        value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte;
    if (type.equals(DataTypes.LongType)) {
      return integral ? ((Number) value).longValue() : null;
    }
    if (type.equals(DataTypes.IntegerType)) {
      return integral ? Math.toIntExact(((Number) value).longValue()) : null;
    }
    if (type.equals(DataTypes.ShortType)) {
      return integral ? (short) ((Number) value).longValue() : null;
    }
    if (type.equals(DataTypes.ByteType)) {
      return integral ? (byte) ((Number) value).longValue() : null;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return value instanceof Number n ? n.doubleValue() : null;
    }
    if (type.equals(DataTypes.FloatType)) {
      return value instanceof Number n ? n.floatValue() : null;
    }
    if (type instanceof DecimalType decimal) {
      BigDecimal number =
          value instanceof BigDecimal b
              ? b
              : value instanceof String s
                  ? new BigDecimal(s)
                  : value instanceof Number n ? new BigDecimal(n.toString()) : null;
      return number == null
          ? null
          : number.setScale(decimal.scale(), java.math.RoundingMode.UNNECESSARY);
    }
    if (type.equals(DataTypes.TimestampType)) {
      return timestamp(value);
    }
    if (type.equals(DataTypes.DateType)) {
      if (value instanceof LocalDate d) {
        return Date.valueOf(d);
      }
      if (value instanceof String s) {
        return Date.valueOf(LocalDate.parse(s));
      }
      return value instanceof Date ? value : null;
    }
    if (type.equals(DataTypes.StringType)) {
      return value instanceof String ? value : null;
    }
    if (type.equals(DataTypes.BooleanType)) {
      return value instanceof Boolean ? value : null;
    }
    return value;
  }

  private static Timestamp timestamp(Object value) {
    if (value instanceof Timestamp t) {
      return t;
    }
    if (value instanceof Instant i) {
      return Timestamp.from(i);
    }
    if (value instanceof String s) {
      String text = s.trim();
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return Timestamp.from(java.time.OffsetDateTime.parse(text.replace(' ', 'T')).toInstant());
      }
      return Timestamp.from(
          LocalDateTime.parse(text.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC));
    }
    return null;
  }
}
