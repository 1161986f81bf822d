package io.strata.delta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.warehouse.ValueRange;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * A timestamp column's maximum, and whether a key range lies outside every file, read from the
 * statistics strings of a table's files, replayed from its log on the driver ({@link LogFiles}): a
 * short-lived JVM pays seconds for its first Spark jobs, and a table's state reconstruction plus
 * Spark parsing every file's statistics are such jobs.
 */
final class FileStats {
  /** Above this many files, by default, the statistics are aggregated by Spark instead. */
  static final int MAX_FILES = 20_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The table property bounding the characters Delta keeps of a string statistic. */
  private static final String STRING_PREFIX_LENGTH = "delta.dataSkippingStringPrefixLength";

  private FileStats() {}

  /**
   * Whether the statistics can be read by name here: a top-level timestamp column, and no column
   * mapping (which names statistics and partition values by physical column names).
   */
  static boolean readable(Snapshot snapshot, String column) {
    if (!SnapshotStatistics.namedByColumn(snapshot)) {
      return false;
    }
    for (StructField field : snapshot.metadata().schema().fields()) {
      if (field.name().equals(column)) {
        return field.dataType().equals(DataTypes.TimestampType);
      }
    }
    return false;
  }

  /**
   * The largest value; {@code Optional.of(Optional.empty())} when no file holds one or some file
   * lacks statistics for it; empty when this cannot tell (too many files, unparseable statistics).
   */
  static Optional<Optional<Timestamp>> of(Snapshot snapshot, String column, int maxFiles) {
    return maxPerPartition(snapshot, List.of(), column, maxFiles)
        .map(max -> max.getOrDefault(List.of(), Optional.empty()));
  }

  /**
   * The largest value in each partition holding files, keyed by its values of {@code partitionBy}
   * as Spark returns them (strings, dates, integers and booleans; null as null): empty where a file
   * lacks the statistic or every value is null. Empty when this cannot tell: too many files,
   * unparseable statistics, another partition column type.
   */
  static Optional<Map<List<Object>, Optional<Timestamp>>> maxPerPartition(
      Snapshot snapshot, List<String> partitionBy, String column, int maxFiles) {
    Optional<List<LogFiles.LiveFile>> files = liveFiles(snapshot, maxFiles);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    StructType schema = snapshot.metadata().schema();
    Map<List<Object>, PartitionMax> partitions = new HashMap<>();
    try {
      for (LogFiles.LiveFile file : files.get()) {
        Optional<List<Object>> key = partitionKey(file, partitionBy, schema);
        if (key.isEmpty()) {
          return Optional.empty();
        }
        partitions.computeIfAbsent(key.get(), k -> new PartitionMax()).add(file.stats(), column);
      }
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
    Map<List<Object>, Optional<Timestamp>> max = new HashMap<>();
    partitions.forEach((key, partition) -> max.put(key, partition.max()));
    return Optional.of(max);
  }

  /**
   * Whether the statistics prove that no file in {@code partitions} (values of {@code partitionBy})
   * holds a value in {@code range}: a file whose values are all null holds none; otherwise its
   * least value must lie above the range or its greatest below. Reads integer and string columns; a
   * string statistic as long as Delta's prefix length may be truncated, so it proves nothing as a
   * greatest value. False when it cannot tell.
   */
  static boolean excludes(
      Snapshot snapshot,
      List<String> partitionBy,
      Set<List<Object>> partitions,
      ValueRange range,
      int maxFiles) {
    String column = range.column();
    Optional<Bounds> bounds = Bounds.of(snapshot, column, range.low(), range.high());
    Optional<List<LogFiles.LiveFile>> files =
        bounds.isEmpty() ? Optional.empty() : liveFiles(snapshot, maxFiles);
    if (files.isEmpty()) {
      return false;
    }
    StructType schema = snapshot.metadata().schema();
    try {
      for (LogFiles.LiveFile file : files.get()) {
        Optional<List<Object>> key = partitionKey(file, partitionBy, schema);
        if (key.isEmpty()
            || partitions.contains(key.get()) && !bounds.get().excludedBy(file.stats(), column)) {
          return false;
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
    return true;
  }

  /** A range of an integer or string column, against files' statistics. */
  private record Bounds(boolean strings, Object low, Object high, int prefixLength) {
    static Optional<Bounds> of(Snapshot snapshot, String column, Object low, Object high) {
      StructType schema = snapshot.metadata().schema();
      if (!SnapshotStatistics.namedByColumn(snapshot)
          || !Arrays.asList(schema.fieldNames()).contains(column)) {
        return Optional.empty();
      }
      DataType type = schema.apply(column).dataType();
      Option<String> configured = snapshot.metadata().configuration().get(STRING_PREFIX_LENGTH);
      int prefix;
      try {
        prefix = Integer.parseInt(configured.isDefined() ? configured.get() : "32");
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (type.equals(DataTypes.StringType) && low instanceof String && high instanceof String) {
        return Optional.of(new Bounds(true, low, high, prefix));
      }
      boolean integral =
          type.equals(DataTypes.LongType)
              || type.equals(DataTypes.IntegerType)
              || type.equals(DataTypes.ShortType)
              || type.equals(DataTypes.ByteType);
      if (integral && low instanceof Number l && high instanceof Number h) {
        return Optional.of(new Bounds(false, l.longValue(), h.longValue(), prefix));
      }
      return Optional.empty();
    }

    boolean excludedBy(Optional<String> stats, String column) throws IOException {
      if (stats.isEmpty()) {
        return false;
      }
      JsonNode file = JSON.readTree(stats.get());
      JsonNode nulls = file.path("nullCount").path(column);
      if (nulls.isNumber() && nulls.asLong() == file.path("numRecords").asLong(-1)) {
        return true;
      }
      JsonNode min = file.path("minValues").path(column);
      JsonNode max = file.path("maxValues").path(column);
      return (!min.isMissingNode() && !min.isNull() && compare(min, high) > 0)
          || (!max.isMissingNode() && !max.isNull() && !truncated(max) && compare(max, low) < 0);
    }

    private boolean truncated(JsonNode value) {
      return strings && value.asText().length() >= prefixLength - 1;
    }

    /** Spark's order: strings by their UTF-8 bytes. */
    private int compare(JsonNode value, Object bound) {
      if (strings) {
        return UTF8String.fromString(value.asText())
            .compareTo(UTF8String.fromString((String) bound));
      }
      if (!value.canConvertToLong()) {
        throw new IllegalArgumentException("not an integer statistic: " + value);
      }
      return Long.compare(value.asLong(), (Long) bound);
    }
  }

  /** The greatest value of a partition's files, unknown once one file leaves it unknown. */
  private static final class PartitionMax {
    private OffsetDateTime max;
    private boolean unknown;

    void add(Optional<String> stats, String column) throws IOException {
      if (stats.isEmpty()) {
        unknown = true;
        return;
      }
      JsonNode file = JSON.readTree(stats.get());
      JsonNode value = file.path("maxValues").path(column);
      if (value.isMissingNode() || value.isNull()) {
        JsonNode nulls = file.path("nullCount").path(column);
        unknown |= !nulls.isNumber() || nulls.asLong() < file.path("numRecords").asLong(-1);
        return;
      }
      OffsetDateTime at = OffsetDateTime.parse(value.asText());
      if (max == null || at.isAfter(max)) {
        max = at;
      }
    }

    Optional<Timestamp> max() {
      return unknown || max == null
          ? Optional.empty()
          : Optional.of(Timestamp.from(max.toInstant()));
    }
  }

  /**
   * The table's live files, replayed from its log; empty when it cannot or they are more than
   * {@code maxFiles}.
   */
  private static Optional<List<LogFiles.LiveFile>> liveFiles(Snapshot snapshot, int maxFiles) {
    return LogFiles.of(snapshot, snapshot.deltaLog().newDeltaHadoopConf())
        .filter(files -> files.size() <= maxFiles);
  }

  /**
   * A file's values of {@code partitionBy}, as Spark returns them; empty when the log lacks one.
   * Throws for a partition column type without an exact reading.
   */
  private static Optional<List<Object>> partitionKey(
      LogFiles.LiveFile file, List<String> partitionBy, StructType schema) {
    List<Object> key = new ArrayList<>();
    for (String name : partitionBy) {
      if (!file.partitionValues().containsKey(name)) {
        return Optional.empty();
      }
      key.add(typed(file.partitionValues().get(name), schema.apply(name).dataType()));
    }
    return Optional.of(key);
  }

  /** A partition value as the log writes it, as Spark returns it; throws for other types. */
  private static Object typed(String value, DataType type) {
    if (value == null || type.equals(DataTypes.StringType)) {
      return value;
    }
    if (type.equals(DataTypes.DateType)) {
      LocalDate date = LocalDate.parse(value);
      return SQLConf.get().datetimeJava8ApiEnabled() ? date : java.sql.Date.valueOf(date);
    }
    if (type.equals(DataTypes.BooleanType) && (value.equals("true") || value.equals("false"))) {
      return Boolean.valueOf(value);
    }
    if (type.equals(DataTypes.ByteType)) {
      return Byte.valueOf(value);
    }
    if (type.equals(DataTypes.ShortType)) {
      return Short.valueOf(value);
    }
    if (type.equals(DataTypes.IntegerType)) {
      return Integer.valueOf(value);
    }
    if (type.equals(DataTypes.LongType)) {
      return Long.valueOf(value);
    }
    throw new IllegalArgumentException("no exact reading of a " + type + " partition value");
  }
}
