package io.strata.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Rows a model unit test gives as a model's input, an incremental table's current rows, or the rows
 * it expects: inline ({@link #rows(String)}), JSON lines, or any Dataset.
 */
public interface Rows {
  /** The rows as a DataFrame in {@code spark}. */
  Dataset<Row> toDataset(SparkSession spark);

  /**
   * These rows with {@code _loaded_at} set to {@code instant} on each, as landing a raw table adds
   * it.
   */
  default Rows loadedAt(Instant instant) {
    requireNonNull(instant, "instant is null");
    Rows rows = this;
    return spark ->
        rows.toDataset(spark).withColumn("_loaded_at", functions.lit(Timestamp.from(instant)));
  }

  /**
   * Inline rows of the given columns, as Spark DDL ({@code "order_id STRING, amount BIGINT"}); add
   * them with {@link InlineRows#row}.
   */
  static InlineRows rows(String columns) {
    return InlineRows.of(columns);
  }

  /**
   * One JSON object per line, read as Spark reads JSON (a raw table lands JSON this way): the
   * columns are the union of the fields, numbers {@code BIGINT} or {@code DOUBLE}, times strings.
   */
  static Rows json(String... lines) {
    List<String> copied = List.of(lines);
    return spark -> spark.read().json(spark.createDataset(copied, Encoders.STRING()));
  }

  /** {@link #json} with the given columns instead of inferred ones. */
  static Rows json(StructType schema, String... lines) {
    requireNonNull(schema, "schema is null");
    List<String> copied = List.of(lines);
    return spark ->
        spark.read().schema(schema).json(spark.createDataset(copied, Encoders.STRING()));
  }

  /** The lines of a JSON Lines file, as {@link #json}. */
  static Rows jsonLines(Path file) {
    try {
      return json(
          Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows already in a DataFrame. */
  static Rows of(Dataset<Row> rows) {
    requireNonNull(rows, "rows is null");
    return spark -> rows;
  }
}
