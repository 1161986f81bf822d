package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A column a raw source's contract declares: its name as landed, the type its values must cast to,
 * and whether a value is required.
 *
 * @param type a Spark SQL type: {@code string}, {@code boolean}, {@code tinyint} to {@code bigint},
 *     {@code decimal(p,s)}, {@code float}, {@code double}, {@code date}, {@code timestamp} or
 *     {@code timestamp_ntz}
 * @param required whether a null or missing value breaks the contract
 */
public record SourceColumn(String name, DataType type, boolean required) implements Serializable {
  /** The Spark SQL type names a contract may declare. */
  public static final List<String> TYPES =
      List.of(
          "string",
          "boolean",
          "tinyint",
          "smallint",
          "int",
          "bigint",
          "decimal(p,s)",
          "float",
          "double",
          "date",
          "timestamp",
          "timestamp_ntz");

  public SourceColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a source column needs a name");
    }
    if (!supported(type)) {
      throw new IllegalArgumentException(
          "source column '"
              + name
              + "' is declared "
              + type.sql()
              + "; a contract declares one of "
              + TYPES);
    }
  }

  /**
   * A nullable column of a Spark SQL type named as in DDL ({@code decimal(10,2)}).
   *
   * @throws IllegalArgumentException when the type name is not one of {@link #TYPES}
   */
  public static SourceColumn of(String name, String type) {
    requireNonNull(type, "type is null");
    DataType parsed;
    try {
      parsed = DataType.fromDDL(type);
    } catch (Exception e) { // Spark's ParseException is checked
      throw new IllegalArgumentException(
          "source column '" + name + "' has type '" + type + "', not a Spark SQL type name", e);
    }
    return new SourceColumn(name, parsed, false);
  }

  /** The same column with a value required in every record. */
  public SourceColumn asRequired() {
    return new SourceColumn(name, type, true);
  }

  /** The type as declared, in Spark SQL: {@code decimal(10,2)}. */
  public String typeName() {
    return type.simpleString();
  }

  private static boolean supported(DataType type) {
    return type instanceof StringType
        || type instanceof BooleanType
        || type instanceof IntegralType
        || type instanceof DecimalType
        || type instanceof FloatType
        || type instanceof DoubleType
        || type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType;
  }
}
