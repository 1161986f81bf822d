package io.strata.docs;

import io.strata.graph.ProjectGraph;
import io.strata.materialize.ModelPlans;
import io.strata.model.Column;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of every source and model, and each model's column lineage: tables' schemas from their
 * Delta metadata, each transform analysed over stand-ins of its inputs ({@link ModelPlans}), in
 * dependency order. Reads no row, writes nothing and runs no action.
 */
final class Catalog {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final Map<TableName, StructType> schemas = new HashMap<>();
  private final Map<String, ModelColumns> models = new LinkedHashMap<>();

  private Catalog(SparkSession spark, Warehouse warehouse, ProjectGraph graph) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.graph = graph;
  }

  static Catalog of(SparkSession spark, Warehouse warehouse, ProjectGraph graph) {
    Catalog catalog = new Catalog(spark, warehouse, graph);
    graph
        .sources()
        .forEach(s -> catalog.stored(s.table()).ifPresent(t -> catalog.put(s.table(), t)));
    graph.ordered().forEach(spec -> catalog.analyse(graph.model(spec.name())));
    return catalog;
  }

  /** The source's schema from its Delta table; empty when nothing was landed. */
  Optional<StructType> source(TableName table) {
    return Optional.ofNullable(schemas.get(table));
  }

  ModelColumns model(String name) {
    return models.get(name);
  }

  private void analyse(Model model) {
    ModelSpec spec = model.spec();
    Optional<StructType> stored =
        spec.materialization().isPersisted() ? stored(spec.table()) : Optional.empty();
    StructType planned = null;
    Map<String, Optional<Set<String>>> lineage = Map.of();
    Optional<String> problem = Optional.empty();
    try {
      Dataset<Row> rows = ModelPlans.analysed(spark, graph, model, this::input);
      planned = rows.schema();
      lineage = PlanLineage.of(rows.queryExecution().analyzed());
    } catch (MissingInput missing) {
      problem = Optional.of(missing.getMessage());
    } catch (Exception e) {
      problem = Optional.of("Spark could not analyse the transform: " + firstLine(e));
    }
    StructType schema = stored.orElse(planned);
    if (schema != null) {
      put(spec.table(), schema);
    }
    String typesFrom = stored.isPresent() ? "table" : planned != null ? "plan" : "spec";
    models.put(spec.name(), new ModelColumns(columns(spec, schema, lineage), typesFrom, problem));
  }

  private List<ColumnInfo> columns(
      ModelSpec spec, StructType schema, Map<String, Optional<Set<String>>> lineage) {
    List<ColumnInfo> columns = new ArrayList<>();
    if (schema == null) {
      for (Column column : spec.columns()) {
        columns.add(new ColumnInfo(column.name(), Optional.empty(), Optional.empty(), "unknown"));
      }
      return columns;
    }
    for (StructField field : schema.fields()) {
      Optional<Set<String>> from = lineage.getOrDefault(field.name(), Optional.empty());
      String origin =
          from.isPresent()
              ? "plan"
              : lineage.isEmpty()
                  ? "unknown"
                  : lineage.containsKey(field.name()) ? "untraced" : "engine";
      columns.add(
          new ColumnInfo(field.name(), Optional.of(field.dataType().simpleString()), from, origin));
    }
    return columns;
  }

  private StructType input(TableName table) {
    StructType schema = schemas.get(table);
    if (schema == null) {
      boolean source = graph.source(table).isPresent();
      throw new MissingInput(
          "Its input "
              + table
              + (source ? " has not been landed" : " could not be analysed")
              + ", so its plan cannot be analysed.");
    }
    return schema;
  }

  private Optional<StructType> stored(TableName table) {
    return warehouse.exists(table)
        ? Optional.of(warehouse.read(spark, table).schema())
        : Optional.empty();
  }

  private void put(TableName table, StructType schema) {
    schemas.put(table, schema);
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** An input of the model has no schema: not landed, or not analysable itself. */
  private static final class MissingInput extends RuntimeException {
    MissingInput(String message) {
      super(message, null, false, false);
    }
  }
}
