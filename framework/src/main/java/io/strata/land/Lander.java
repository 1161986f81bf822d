package io.strata.land;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;

/**
 * Appends files to raw Delta tables as landed, adding {@code _loaded_at} and {@code _source_file}.
 *
 * <p>Every file is read and checked before anything is appended: a malformed line fails the whole
 * landing with its file and line number, unless a bad-records directory takes it. Raw tables keep
 * fields as landed: a new field is added, a field whose type changes is refused. Raw tables are
 * created with Delta's change data feed, which incremental models read.
 */
public final class Lander {
  public static final String LOADED_AT = "_loaded_at";
  public static final String SOURCE_FILE = "_source_file";

  /** Properties of a raw table: its change data feed is how incremental models read new rows. */
  public static final Map<String, String> RAW_TABLE_PROPERTIES =
      Map.of("delta.enableChangeDataFeed", "true", "delta.appendOnly", "true");

  private final SparkSession spark;
  private final Warehouse warehouse;

  public Lander(SparkSession spark, Warehouse warehouse) {
    this.spark = requireNonNull(spark, "spark is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  /** One file to land into one raw table. */
  public record Input(TableName table, String file, InputFormat format) {}

  /**
   * Lands every input, one Delta commit per input with rows, after all have been read and checked;
   * an input with no rows writes nothing.
   *
   * @param badRecords where malformed lines go; empty: any malformed line fails the landing
   */
  public List<LandResult> land(List<Input> inputs, Optional<Path> badRecords, Instant loadedAt) {
    List<Runnable> release = new ArrayList<>();
    try {
      List<Prepared> prepared = new ArrayList<>();
      for (Input input : inputs) {
        prepared.add(prepare(input, badRecords.isPresent(), loadedAt, release));
      }
      badRecords.ifPresent(dir -> prepared.forEach(p -> writeBadRecords(dir, p)));
      List<LandResult> results = new ArrayList<>();
      for (Prepared p : prepared) {
        if (p.count() > 0) {
          warehouse.append(p.rows(), p.input().table(), List.of(), RAW_TABLE_PROPERTIES);
        }
        long version = warehouse.version(spark, p.input().table()).orElse(-1L);
        results.add(
            new LandResult(
                p.input().table(), p.input().file(), p.count(), p.bad().size(), version));
      }
      return results;
    } finally {
      release.forEach(Runnable::run);
    }
  }

  private record Prepared(Input input, Dataset<Row> rows, long count, List<BadRecord> bad) {}

  /** Reads and checks one input; what it caches is released through {@code release}. */
  private Prepared prepare(Input input, boolean keepBad, Instant loadedAt, List<Runnable> release) {
    String file = input.file();
    if (!file.contains("://") && !Files.isReadable(Path.of(file))) {
      throw Errors.unreadableInput(file, "no such file, or it cannot be read");
    }
    Parsed parsed =
        switch (input.format()) {
          case JSON -> parseLines(input, true, release);
          case CSV -> parseLines(input, false, release);
          case PARQUET -> new Parsed(readParquet(file), List.of());
        };
    if (!parsed.bad().isEmpty() && !keepBad) {
      BadRecord first = parsed.bad().get(0);
      throw Errors.malformedRecord(file, first.line(), first.error());
    }
    Dataset<Row> rows =
        conformToTable(input.table(), parsed.rows(), file)
            .withColumn(LOADED_AT, functions.lit(Timestamp.from(loadedAt)))
            .withColumn(SOURCE_FILE, functions.lit(file))
            .cache();
    release.add(rows::unpersist);
    return new Prepared(input, rows, rows.count(), parsed.bad());
  }

  private record Parsed(Dataset<Row> rows, List<BadRecord> bad) {}

  private Parsed parseLines(Input input, boolean json, List<Runnable> release) {
    String file = input.file();
    JavaPairRDD<String, Long> numbered;
    try {
      numbered = spark.read().textFile(file).javaRDD().zipWithIndex();
    } catch (RuntimeException e) {
      throw Errors.unreadableInput(file, e.getMessage());
    }
    JavaPairRDD<String, Long> lines = numbered.filter(t -> !t._1().isBlank()).cache();
    release.add(lines::unpersist);
    numbered = lines;
    int fields;
    String header = null;
    if (json) {
      fields = 0;
    } else {
      List<Tuple2<String, Long>> first = numbered.take(1);
      if (first.isEmpty()) {
        throw Errors.unreadableInput(file, "a CSV file needs a header line");
      }
      header = first.get(0)._1();
      fields = LineChecks.csvFields(header).map(List::size).orElse(0);
    }
    long headerIndex = header == null ? -1 : numbered.first()._2();
    int expected = fields;
    List<BadRecord> bad =
        numbered
            .filter(t -> t._2() != headerIndex)
            .flatMap(
                t -> {
                  Optional<String> error =
                      json ? LineChecks.json(t._1()) : LineChecks.csv(t._1(), expected);
                  return error
                      .map(e -> List.of(new BadRecord(file, t._2() + 1, e, t._1())).iterator())
                      .orElse(java.util.Collections.emptyIterator());
                })
            .collect();
    List<BadRecord> sorted = new ArrayList<>(bad);
    sorted.sort(java.util.Comparator.comparingLong(BadRecord::line));
    java.util.Set<Long> badLines = new java.util.HashSet<>();
    sorted.forEach(b -> badLines.add(b.line() - 1));
    Dataset<String> good =
        spark.createDataset(
            numbered
                .filter(t -> !badLines.contains(t._2()) && t._2() != headerIndex)
                .map(Tuple2::_1)
                .rdd(),
            Encoders.STRING());
    Dataset<Row> rows;
    if (json) {
      rows = spark.read().option("mode", "FAILFAST").json(good);
    } else {
      Dataset<String> withHeader =
          spark.createDataset(List.of(header), Encoders.STRING()).union(good);
      rows = spark.read().option("header", "true").option("mode", "FAILFAST").csv(withHeader);
    }
    return new Parsed(rows, List.copyOf(sorted));
  }

  private Dataset<Row> readParquet(String file) {
    try {
      Dataset<Row> rows = spark.read().parquet(file);
      rows.schema();
      return rows;
    } catch (RuntimeException e) {
      throw Errors.unreadableInput(file, "not a readable Parquet file: " + e.getMessage());
    }
  }

  /**
   * Keeps the table's types: a field the file holds only nulls in takes the table's type; any other
   * change of type is refused. New fields are kept and added to the table on append.
   */
  private Dataset<Row> conformToTable(TableName table, Dataset<Row> rows, String file) {
    if (!warehouse.exists(table)) {
      return rows;
    }
    Map<String, DataType> existing = new java.util.HashMap<>();
    for (StructField field : warehouse.read(spark, table).schema().fields()) {
      existing.put(field.name(), field.dataType());
    }
    Dataset<Row> result = rows;
    for (StructField field : rows.schema().fields()) {
      DataType tableType = existing.get(field.name());
      if (tableType == null || tableType.sameType(field.dataType())) {
        continue;
      }
      boolean allNull = rows.where(functions.col(field.name()).isNotNull()).isEmpty();
      boolean widening =
          tableType.sameType(DataTypes.DoubleType) && field.dataType().sameType(DataTypes.LongType);
      if (!allNull && !widening) {
        throw Errors.retypedRawField(
            table.toString(),
            field.name(),
            tableType.simpleString(),
            field.dataType().simpleString(),
            file);
      }
      result = result.withColumn(field.name(), functions.col(field.name()).cast(tableType));
    }
    return result;
  }

  private static void writeBadRecords(Path dir, Prepared prepared) {
    if (prepared.bad().isEmpty()) {
      return;
    }
    Path target =
        dir.resolve(prepared.input().table().toString())
            .resolve(Path.of(prepared.input().file()).getFileName() + ".bad.jsonl");
    List<String> lines = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (BadRecord bad : prepared.bad()) {
      lines.add(
          json.createObjectNode()
              .put("file", bad.file())
              .put("line", bad.line())
              .put("error", bad.error())
              .put("record", bad.record())
              .toString());
    }
    try {
      Files.createDirectories(target.getParent());
      Files.write(target, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.unreadableInput(
          target.toString(), "cannot write bad records: " + e.getMessage());
    }
  }
}
