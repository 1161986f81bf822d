package io.strata.land;

import io.strata.model.SourceColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Whether a landed value, as text, casts to a contract's declared type, exactly: no rounding, no
 * truncation, no guessed time zone. Surrounding spaces are allowed, as Spark's cast trims them; a
 * blank text is no value (Spark casts it to null) for every type but {@code string}.
 *
 * <ul>
 *   <li>{@code boolean}: what Spark casts to true or false: {@code true}, {@code t}, {@code yes},
 *       {@code y}, {@code 1} and {@code false}, {@code f}, {@code no}, {@code n}, {@code 0}, in any
 *       case;
 *   <li>{@code tinyint} to {@code bigint}: a whole number in the type's range;
 *   <li>{@code decimal(p,s)}: a number with at most {@code p-s} digits before the point and {@code
 *       s} after (trailing zeros aside);
 *   <li>{@code float}, {@code double}: a decimal number, with an exponent or not;
 *   <li>{@code date}: {@code yyyy-MM-dd}; {@code timestamp}: ISO-8601 with a zone offset or {@code
 *       Z}; {@code timestamp_ntz}: ISO-8601 without one.
 * </ul>
 */
final class ContractValues {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static final java.util.Set<String> BOOLEANS =
      java.util.Set.of("true", "t", "yes", "y", "1", "false", "f", "no", "n", "0");

  private ContractValues() {}

  /** Whether a text is no value for the type: blank, where a string is not declared. */
  static boolean absent(DataType type, String value) {
    return !(type instanceof StringType) && value.isBlank();
  }

  static boolean fits(DataType type, String value) {
    if (type instanceof StringType) {
      return true;
    }
    String text = value.strip();
    if (type instanceof BooleanType) {
      return BOOLEANS.contains(text.toLowerCase(java.util.Locale.ROOT));
    }
    if (type instanceof IntegralType) {
      return INTEGER.matcher(text).matches() && bits(new BigInteger(text)) <= bits(type);
    }
    if (type instanceof DecimalType decimal) {
      return NUMBER.matcher(text).matches() && fitsDecimal(new BigDecimal(text), decimal);
    }
    if (type instanceof DateType) {
      return parses(text, DateTimeFormatter.ISO_LOCAL_DATE, LocalDate::from);
    }
    if (type instanceof TimestampType) {
      return parses(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME, OffsetDateTime::from);
    }
    if (type instanceof TimestampNTZType) {
      return parses(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME, LocalDateTime::from);
    }
    return NUMBER.matcher(text).matches();
  }

  /** What a column's values must be, for a message: {@code decimal(10,2) (a number ...)}. */
  static String expected(SourceColumn column) {
    DataType type = column.type();
    String what;
    if (type instanceof StringType) {
      what = "a value";
    } else if (type instanceof BooleanType) {
      what = "true or false, yes or no, t or f, y or n, 1 or 0";
    } else if (type instanceof IntegralType) {
      what = "a whole number in its range";
    } else if (type instanceof DecimalType d) {
      what =
          String.format(
              "a number with at most %d digits before the point and %d after",
              d.precision() - d.scale(), d.scale());
    } else if (type instanceof DateType) {
      what = "a date as yyyy-MM-dd";
    } else if (type instanceof TimestampType) {
      what = "an ISO-8601 time with a zone offset or Z, such as 2026-03-01T12:15:00+02:00";
    } else if (type instanceof TimestampNTZType) {
      what = "an ISO-8601 time without a zone, such as 2026-03-01T12:15:00";
    } else {
      what = "a decimal number";
    }
    return column.typeName() + " (" + what + (column.required() ? ", required" : "") + ")";
  }

  private static boolean fitsDecimal(BigDecimal value, DecimalType type) {
    BigDecimal exact = value.stripTrailingZeros();
    int scale = Math.max(exact.scale(), 0);
    int integerDigits = Math.max(exact.precision() - exact.scale(), 0);
    return scale <= type.scale() && integerDigits <= type.precision() - type.scale();
  }

  /** The bits a value needs with its sign, and the bits a type holds. */
  private static int bits(BigInteger value) {
    return value.bitLength() + 1;
  }

  private static int bits(DataType type) {
    if (type instanceof ByteType) {
      return Byte.SIZE;
    }
    if (type instanceof ShortType) {
      return Short.SIZE;
    }
    return type instanceof IntegerType ? Integer.SIZE : Long.SIZE;
  }

  private static boolean parses(
      String text, DateTimeFormatter format, java.time.temporal.TemporalQuery<?> query) {
    try {
      format.parse(text, query);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
