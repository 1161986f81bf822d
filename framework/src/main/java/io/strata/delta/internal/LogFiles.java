package io.strata.delta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.delta.LogSegment;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.util.DeltaFileOperations;
import scala.collection.JavaConverters;

/**
 * The live data files of a Delta snapshot and their statistics, replayed from its log on the
 * driver: the classic checkpoint's {@code add} actions, then the commits after it. A short-lived
 * JVM pays seconds for its first Spark jobs, and a table's state reconstruction is such a job;
 * reading a few small files directly is not.
 *
 * <p>Only classic checkpoints (one Parquet file, or numbered parts) are read here; a table with a
 * v2 checkpoint gives no answer, and callers fall back to Spark.
 */
final class LogFiles {
  /**
   * A live data file: its path as the log writes it (relative and URL-encoded, or absolute), and
   * its partition values as the log writes them (null for a null value).
   */
  record LiveFile(
      String path,
      Map<String, String> partitionValues,
      Optional<String> stats,
      boolean hasDeletionVector) {}

  private static final Pattern CLASSIC_CHECKPOINT =
      Pattern.compile("\\d{20}\\.checkpoint(\\.\\d{10}\\.\\d{10})?\\.parquet");
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogFiles() {}

  /** The snapshot's live files; empty when its checkpoint is not a classic one. */
  static Optional<List<LiveFile>> of(Snapshot snapshot, Configuration hadoop) {
    LogSegment segment = snapshot.logSegment();
    List<FileStatus> checkpoint =
        JavaConverters.seqAsJavaList(segment.checkpointProvider().topLevelFiles());
    if (checkpoint.stream()
        .anyMatch(f -> !CLASSIC_CHECKPOINT.matcher(f.getPath().getName()).matches())) {
      return Optional.empty();
    }
    Map<String, LiveFile> live = new LinkedHashMap<>();
    try {
      for (FileStatus part : checkpoint) {
        readCheckpoint(part.getPath(), hadoop, live);
      }
      for (FileStatus commit : JavaConverters.seqAsJavaList(segment.deltas())) {
        replayCommit(commit.getPath(), hadoop, live);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + snapshot.path(), e);
    }
    return Optional.of(List.copyOf(live.values()));
  }

  private static void readCheckpoint(Path file, Configuration hadoop, Map<String, LiveFile> live)
      throws IOException {
    Configuration conf = new Configuration(hadoop);
    conf.set(ReadSupport.PARQUET_READ_SCHEMA, addProjection(file, conf).toString());
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        if (row.getFieldRepetitionCount("add") > 0) {
          Group add = row.getGroup("add", 0);
          String path = add.getString("path", 0);
          Optional<String> stats =
              has(add, "stats") ? Optional.of(add.getString("stats", 0)) : Optional.empty();
          live.put(
              path, new LiveFile(path, partitionValues(add), stats, has(add, "deletionVector")));
        }
      }
    }
  }

  private static boolean has(Group group, String field) {
    return group.getType().containsField(field) && group.getFieldRepetitionCount(field) > 0;
  }

  /** A checkpoint {@code add}'s partition values: a map of key-value entries. */
  private static Map<String, String> partitionValues(Group add) {
    Map<String, String> values = new HashMap<>();
    if (has(add, "partitionValues")) {
      Group map = add.getGroup("partitionValues", 0);
      for (int i = 0; i < map.getFieldRepetitionCount(0); i++) {
        Group entry = map.getGroup(0, i);
        boolean set = entry.getType().getFieldCount() > 1 && entry.getFieldRepetitionCount(1) > 0;
        values.put(entry.getString(0, 0), set ? entry.getString(1, 0) : null);
      }
    }
    return Collections.unmodifiableMap(values);
  }

  /**
   * The checkpoint's {@code add} path, with its partition values, statistics and deletion vector
   * when it has them.
   */
  private static MessageType addProjection(Path file, Configuration conf) throws IOException {
    GroupType add;
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      add = footer.getFileMetaData().getSchema().getType("add").asGroupType();
    }
    List<Type> fields = new ArrayList<>();
    for (String name : List.of("path", "partitionValues", "stats")) {
      if (add.containsField(name)) {
        fields.add(add.getType(name));
      }
    }
    if (add.containsField("deletionVector")) {
      GroupType vector = add.getType("deletionVector").asGroupType();
      fields.add(
          new GroupType(vector.getRepetition(), vector.getName(), vector.getType("storageType")));
    }
    return new MessageType("checkpoint", new GroupType(add.getRepetition(), add.getName(), fields));
  }

  /**
   * The string columns of a small table's rows, read from its data files on the driver; empty when
   * a file has a deletion vector or the table maps column names, which only Spark reads right. A
   * column a file lacks (it was added later) reads as null.
   */
  static Optional<List<List<String>>> strings(
      Snapshot snapshot, List<String> columns, int maxFiles) {
    if (!SnapshotStatistics.namedByColumn(snapshot)) {
      return Optional.empty();
    }
    Configuration hadoop = snapshot.deltaLog().newDeltaHadoopConf();
    Optional<List<LiveFile>> files = of(snapshot, hadoop);
    if (files.isEmpty()
        || files.get().size() > maxFiles
        || files.get().stream().anyMatch(LiveFile::hasDeletionVector)) {
      return Optional.empty();
    }
    String root = snapshot.deltaLog().dataPath().toString();
    List<List<String>> rows = new ArrayList<>();
    try {
      for (LiveFile file : files.get()) {
        readStrings(DeltaFileOperations.absolutePath(root, file.path()), columns, hadoop, rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the files of " + root, e);
    }
    return Optional.of(rows);
  }

  private static void readStrings(
      Path file, List<String> columns, Configuration hadoop, List<List<String>> rows)
      throws IOException {
    Configuration conf = new Configuration(hadoop);
    List<String> present = new ArrayList<>();
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      MessageType schema = footer.getFileMetaData().getSchema();
      for (String column : columns) {
        if (schema.containsField(column)) {
          present.add("optional binary " + column + " (STRING);");
        }
      }
    }
    conf.set(ReadSupport.PARQUET_READ_SCHEMA, "message row { " + String.join(" ", present) + " }");
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        List<String> values = new ArrayList<>();
        for (String column : columns) {
          boolean set =
              row.getType().containsField(column) && row.getFieldRepetitionCount(column) > 0;
          values.add(set ? row.getString(column, 0) : null);
        }
        rows.add(values);
      }
    }
  }

  /**
   * Applies one commit: its removes, then its adds (a file given a new deletion vector is both).
   */
  private static void replayCommit(Path file, Configuration hadoop, Map<String, LiveFile> live)
      throws IOException {
    List<JsonNode> adds = new ArrayList<>();
    FileSystem fs = file.getFileSystem(hadoop);
    try (FSDataInputStream in = fs.open(file);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode action = JSON.readTree(line);
        if (action.has("remove")) {
          live.remove(action.get("remove").path("path").asText());
        } else if (action.has("add")) {
          adds.add(action.get("add"));
        }
      }
    }
    for (JsonNode add : adds) {
      String path = add.path("path").asText();
      JsonNode stats = add.get("stats");
      Map<String, String> partitionValues = new HashMap<>();
      add.path("partitionValues")
          .fields()
          .forEachRemaining(
              e ->
                  partitionValues.put(
                      e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      live.put(
          path,
          new LiveFile(
              path,
              Collections.unmodifiableMap(partitionValues),
              stats == null || stats.isNull() ? Optional.empty() : Optional.of(stats.asText()),
              add.hasNonNull("deletionVector")));
    }
  }
}
