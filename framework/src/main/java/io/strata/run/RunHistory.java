package io.strata.run;

import io.strata.model.Layer;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One row per model per build, appended to {@code audit.run_history} in the warehouse. */
public final class RunHistory {
  public static final TableName TABLE = TableName.of(Layer.AUDIT, "run_history");
  private static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("finished_at", DataTypes.TimestampType, false)
          .add("model", DataTypes.StringType, false)
          .add("materialization", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("action", DataTypes.StringType, true)
          .add("seconds", DataTypes.DoubleType, false)
          .add("rows_affected", DataTypes.LongType, false)
          .add("version_before", DataTypes.LongType, true)
          .add("version_after", DataTypes.LongType, true)
          .add("message", DataTypes.StringType, false)
          .add("args", DataTypes.StringType, false);

  private RunHistory() {}

  /** Appends the run's models in one commit under a new run id; returns it. */
  public static String append(
      SparkSession spark,
      Warehouse warehouse,
      RunResult run,
      List<String> args,
      Instant finishedAt) {
    return append(spark, warehouse, run, UUID.randomUUID().toString(), args, finishedAt);
  }

  /** Appends the run's models in one commit under the given run id; returns it. */
  public static String append(
      SparkSession spark,
      Warehouse warehouse,
      RunResult run,
      String runId,
      List<String> args,
      Instant finishedAt) {
    List<Row> rows = new ArrayList<>();
    for (ModelResult model : run.models()) {
      rows.add(
          RowFactory.create(
              runId,
              Timestamp.from(finishedAt),
              model.model().table().toString(),
              model.model().materialization().id(),
              model.status().name().toLowerCase(Locale.ROOT),
              model.outcome().map(o -> o.action().name().toLowerCase(Locale.ROOT)).orElse(null),
              model.seconds(),
              model.rows(),
              model.outcome().flatMap(o -> o.versionBefore()).orElse(null),
              model.outcome().flatMap(o -> o.versionAfter()).orElse(null),
              model.message(),
              String.join(" ", args)));
    }
    if (!rows.isEmpty()) {
      warehouse.append(spark.createDataFrame(rows, SCHEMA), TABLE, List.of(), Map.of());
    }
    return runId;
  }

  /** The model's latest runs, newest first. */
  public static Dataset<Row> of(
      SparkSession spark, Warehouse warehouse, TableName model, int limit) {
    return warehouse
        .read(spark, TABLE)
        .where(functions.col("model").equalTo(model.toString()))
        .select(
            "finished_at",
            "status",
            "action",
            "rows_affected",
            "version_before",
            "version_after",
            "seconds",
            "message")
        .orderBy(functions.col("finished_at").desc())
        .limit(limit);
  }
}
