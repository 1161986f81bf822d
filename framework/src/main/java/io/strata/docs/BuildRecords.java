package io.strata.docs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.strata.run.RunHistory;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/** Each model's last builds from {@code audit.run_history}, newest first, read in one query. */
final class BuildRecords {
  /** Builds kept per model. */
  static final int PER_MODEL = 5;

  /** One build of one model. */
  record Build(
      String finishedAt,
      String status,
      String action,
      long rows,
      Long versionAfter,
      double seconds,
      String message) {}

  private final Map<String, List<Build>> builds;

  private BuildRecords(Map<String, List<Build>> builds) {
    this.builds = builds;
  }

  static BuildRecords read(SparkSession spark, Warehouse warehouse) {
    Map<String, List<Build>> builds = new HashMap<>();
    if (!warehouse.exists(RunHistory.TABLE)) {
      return new BuildRecords(builds);
    }
    List<Row> rows =
        warehouse
            .read(spark, RunHistory.TABLE)
            .withColumn(
                "rank",
                row_number().over(Window.partitionBy("model").orderBy(col("finished_at").desc())))
            .where(col("rank").leq(PER_MODEL))
            .orderBy(col("model"), col("rank"))
            .collectAsList();
    for (Row row : rows) {
      builds
          .computeIfAbsent(row.getAs("model"), m -> new ArrayList<>())
          .add(
              new Build(
                  row.<java.sql.Timestamp>getAs("finished_at").toInstant().toString(),
                  row.getAs("status"),
                  row.getAs("action"),
                  row.<Long>getAs("rows_affected"),
                  row.getAs("version_after"),
                  row.<Double>getAs("seconds"),
                  row.getAs("message")));
    }
    return new BuildRecords(builds);
  }

  List<Build> of(String table) {
    return builds.getOrDefault(table, List.of());
  }
}
