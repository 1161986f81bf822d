package io.strata.land;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What each landing commit landed, kept in that commit's Delta user metadata: the name, path,
 * SHA-256 and row count of every file. Since the record is written by the commit that appends the
 * rows, a file is recorded exactly when its rows are in the table.
 *
 * <p>A file is the same file when its name (not its directory) and its content are the same. The
 * record is read from the table's history, so it reaches as far back as the table's log keeps
 * commits ({@code delta.logRetentionDuration}, 30 days by default).
 */
final class LandedFiles {
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String KEY = "strata_land";
  private static final String NEW_COLUMNS = "new_columns";
  private static final String WRITE = "WRITE";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LandedFiles() {}

  /** One file a landing read. */
  record File(String path, String sha256, long rows) {
    String name() {
      return new org.apache.hadoop.fs.Path(path).getName();
    }

    String key() {
      return name() + "\n" + sha256;
    }
  }

  /** Where a file was landed before: the table version whose commit appended it. */
  record Earlier(long version, String path) {}

  /**
   * The user metadata of a commit landing these files, with the columns it adds to the table (read
   * by {@code strata plan} as an upstream schema change).
   */
  static String toJson(List<File> files, List<String> newColumns) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putObject(KEY);
    newColumns.forEach(record.putArray(NEW_COLUMNS)::add);
    ArrayNode list = record.putArray("files");
    for (File file : files) {
      list.addObject()
          .put("name", file.name())
          .put("path", file.path())
          .put("sha256", file.sha256())
          .put("rows", file.rows());
    }
    return root.toString();
  }

  /**
   * Every file landed into the table by the commits its log still holds, by {@link File#key}; a
   * file landed twice (before this record existed) maps to its first landing.
   */
  static Map<String, Earlier> of(SparkSession spark, Warehouse warehouse, TableName table) {
    Map<String, Earlier> landed = new HashMap<>();
    if (!warehouse.exists(table)) {
      return landed;
    }
    warehouse
        .commits(spark, table)
        .filter(commit -> commit.operation().equals(WRITE))
        .forEach(
            commit ->
                commit.userMetadata().ifPresent(json -> read(json, commit.version(), landed)));
    return landed;
  }

  private static void read(String json, long version, Map<String, Earlier> into) {
    try {
      for (JsonNode file : JSON.readTree(json).path(KEY).path("files")) {
        String key = file.path("name").asText() + "\n" + file.path("sha256").asText();
        into.put(key, new Earlier(version, file.path("path").asText()));
      }
    } catch (JsonProcessingException e) {
      // user metadata another writer set is not a landing record
    }
  }
}
