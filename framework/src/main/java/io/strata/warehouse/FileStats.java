package io.strata.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A timestamp column's maximum read from the statistics strings of a table's files, replayed from
 * its log on the driver ({@link LogFiles}): a short-lived JVM pays seconds for its first Spark
 * jobs, and a table's state reconstruction plus Spark parsing every file's statistics are such
 * jobs.
 */
final class FileStats {
  /** Above this many files, the statistics are aggregated by Spark instead. */
  static final int MAX_FILES = 20_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private FileStats() {}

  /**
   * Whether the statistics can be read by name here: a top-level timestamp column, and no column
   * mapping (which names statistics by physical column names).
   */
  static boolean readable(Snapshot snapshot, String column) {
    if (!"none".equalsIgnoreCase(snapshot.metadata().columnMappingMode().name())) {
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
  static Optional<Optional<Timestamp>> of(Snapshot snapshot, String column) {
    Optional<List<LogFiles.LiveFile>> files =
        LogFiles.of(snapshot, snapshot.deltaLog().newDeltaHadoopConf());
    if (files.isEmpty() || files.get().size() > MAX_FILES) {
      return Optional.empty();
    }
    List<Optional<String>> stats = files.get().stream().map(LogFiles.LiveFile::stats).toList();
    OffsetDateTime max = null;
    try {
      for (Optional<String> fileStats : stats) {
        if (fileStats.isEmpty()) {
          return Optional.of(Optional.empty());
        }
        JsonNode file = JSON.readTree(fileStats.get());
        JsonNode value = file.path("maxValues").path(column);
        if (value.isMissingNode() || value.isNull()) {
          JsonNode nulls = file.path("nullCount").path(column);
          if (!nulls.isNumber() || nulls.asLong() < file.path("numRecords").asLong(-1)) {
            return Optional.of(Optional.empty());
          }
          continue;
        }
        OffsetDateTime at = OffsetDateTime.parse(value.asText());
        if (max == null || at.isAfter(max)) {
          max = at;
        }
      }
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.of(Optional.ofNullable(max).map(m -> Timestamp.from(m.toInstant())));
  }
}
