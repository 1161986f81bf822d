package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.error.Suggestions;
import io.strata.graph.ProjectGraph;
import io.strata.model.Layer;
import io.strata.model.Materialization;
import io.strata.model.Model;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Everything queryable by {@code layer.table}: raw sources, tables and views (not ephemerals). */
public final class Relations {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final ProjectGraph graph;

  public Relations(SparkSession spark, Warehouse warehouse, ProjectGraph graph) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.graph = graph;
  }

  /** The current rows of a table or view. */
  public Dataset<Row> read(TableName table) {
    Optional<Model> model =
        table.layer() == Layer.RAW
            ? Optional.empty()
            : graph.findModel(table.table()).filter(m -> m.spec().table().equals(table));
    if (model.isPresent() && model.get().spec().materialization() == Materialization.VIEW) {
      return new Inputs(
              spark, warehouse, graph, new RunSnapshot(spark, warehouse), java.util.Map.of())
          .computed(model.get());
    }
    boolean known =
        model.filter(m -> m.spec().materialization().isPersisted()).isPresent()
            || graph.source(table).isPresent()
            || table.layer() == Layer.AUDIT;
    if (!known || !warehouse.exists(table)) {
      throw Errors.missingTable(
          table.toString(),
          known ? " at " + warehouse.location(table) : " in this project",
          known
              ? "Build it (strata build " + table.table() + ") or land it (strata land) first."
              : "Queryable tables are " + names() + suggest(table) + ".");
    }
    return warehouse.read(spark, table);
  }

  /** Runs SQL whose {@code layer.table} names refer to this project's tables and views. */
  public Dataset<Row> sql(String query) {
    String rewritten =
        SqlNames.rewrite(
            query,
            table -> {
              String view = SqlNames.viewName(table);
              read(table).createOrReplaceTempView(view);
              return view;
            });
    return spark.sql(rewritten);
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    graph.sources().forEach(s -> names.add(s.table().toString()));
    graph.ordered().stream()
        .filter(s -> s.materialization() != Materialization.EPHEMERAL)
        .forEach(s -> names.add(s.table().toString()));
    return names;
  }

  private String suggest(TableName table) {
    List<String> close = Suggestions.closest(table.toString(), names());
    return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
  }
}
