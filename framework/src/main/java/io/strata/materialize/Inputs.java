package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.graph.ProjectGraph;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.SourceSpec;
import io.strata.model.TableName;
import io.strata.quality.Quarantine;
import io.strata.warehouse.Warehouse;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Hands models their inputs: persisted models from their tables, views and ephemerals by running
 * their transforms, raw sources pinned to the run's snapshot or cut to an incremental slice.
 */
final class Inputs implements TransformInputs {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final RunSnapshot snapshot;
  private final Map<TableName, Slice> slices;

  Inputs(
      SparkSession spark,
      Warehouse warehouse,
      ProjectGraph graph,
      RunSnapshot snapshot,
      Map<TableName, Slice> slices) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.graph = graph;
    this.snapshot = snapshot;
    this.slices = Map.copyOf(slices);
  }

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public boolean isIncremental() {
    return !slices.isEmpty();
  }

  @Override
  public TableName tableOf(String model) {
    return graph.model(model).spec().table();
  }

  /** The rows of a model the reader declared. */
  @Override
  public Dataset<Row> model(ModelSpec reader, String name) {
    Model model = graph.model(name);
    ModelSpec spec = model.spec();
    if (spec.materialization().isPersisted()) {
      if (!warehouse.exists(spec.table())) {
        throw Errors.missingTable(
            spec.table().toString(),
            ", which " + reader.name() + " reads",
            "Build it first: strata build +" + reader.name());
      }
      return warehouse.read(spark, spec.table());
    }
    return computed(model);
  }

  /**
   * Runs a view's or ephemeral's transform over these same inputs, less the rows its quarantine
   * holds back.
   */
  Dataset<Row> computed(Model model) {
    Dataset<Row> rows = transformed(model);
    return Quarantine.of(model.spec(), rows.schema()).kept(rows);
  }

  /** Runs a model's transform over these inputs, every row it computes. */
  Dataset<Row> transformed(Model model) {
    return model.transform(new BuildContext(model.spec(), this));
  }

  /** The rows of a raw source: the snapshot's version, or this run's slice of it. */
  @Override
  public Dataset<Row> source(TableName table) {
    Slice slice = slices.get(table);
    long pinned = snapshot.version(table);
    if (slice == null) {
      return warehouse.readVersion(spark, table, pinned);
    }
    if (slice.fromExclusive() < 0) {
      return warehouse.readVersion(spark, table, slice.toInclusive());
    }
    Dataset<Row> inserted =
        slice.isEmpty()
            ? warehouse.readVersion(spark, table, slice.toInclusive()).where(functions.lit(false))
            : warehouse.readInserts(spark, table, slice.fromExclusive(), slice.toInclusive());
    if (slice.landedSince().isEmpty()) {
      return inserted;
    }
    String loadedAt = graph.source(table).map(SourceSpec::loadedAt).orElse("_loaded_at");
    Dataset<Row> lookback =
        warehouse
            .readVersion(spark, table, slice.fromExclusive())
            .where(functions.col(loadedAt).geq(functions.lit(slice.landedSince().get())));
    return inserted.unionByName(lookback, true);
  }
}
