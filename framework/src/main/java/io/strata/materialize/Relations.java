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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Everything queryable by {@code layer.table}: raw sources, tables and views (not ephemerals). */
public final class Relations {
  private static final Pattern NON_DETERMINISTIC =
      Pattern.compile(
          "\\b(current_date|current_timestamp|now|rand|randn|random|uuid|unix_timestamp"
              + "|current_timezone|input_file_name|monotonically_increasing_id)\\b",
          Pattern.CASE_INSENSITIVE);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final Map<TableName, Dataset<Row>> previews;

  public Relations(SparkSession spark, Warehouse warehouse, ProjectGraph graph) {
    this(spark, warehouse, graph, Map.of());
  }

  private Relations(
      SparkSession spark,
      Warehouse warehouse,
      ProjectGraph graph,
      Map<TableName, Dataset<Row>> previews) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.graph = graph;
    this.previews = Map.copyOf(previews);
  }

  /**
   * The same relations in the session of {@code rows}, with {@code table} read as {@code rows}:
   * what a commit will publish.
   */
  public Relations withPreview(TableName table, Dataset<Row> rows) {
    Map<TableName, Dataset<Row>> all = new HashMap<>(previews);
    all.put(table, rows);
    return new Relations(rows.sparkSession(), warehouse, graph, all);
  }

  /** The current rows of a table or view. */
  public Dataset<Row> read(TableName table) {
    if (previews.containsKey(table)) {
      return previews.get(table);
    }
    Optional<Model> model = model(table);
    if (model.isPresent() && model.get().spec().materialization() == Materialization.VIEW) {
      return new Inputs(spark, warehouse, graph, new RunSnapshot(spark, warehouse), Map.of())
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
          !known
              ? "Queryable tables are " + names() + suggest(table) + "."
              : graph.source(table).isPresent()
                  ? "Land data into it first: strata land " + table + "=FILE.jsonl"
                  : "Build it first: strata build " + table.table());
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

  /** The {@code layer.table} names {@code query} reads. */
  public static Set<TableName> tablesRead(String query) {
    Set<TableName> tables = new HashSet<>();
    SqlNames.rewrite(
        query,
        table -> {
          tables.add(table);
          return "";
        });
    return tables;
  }

  /**
   * The Delta version of every table {@code query} reads, by name; empty when it reads a view or a
   * table not yet built, or calls a function whose answer changes from run to run (its result is
   * then not a function of those versions).
   */
  public Optional<SortedMap<String, Long>> versionsRead(String query) {
    return versionsRead(query, Set.of());
  }

  /** {@link #versionsRead(String)}, leaving out {@code ignored} tables. */
  Optional<SortedMap<String, Long>> versionsRead(String query, Set<TableName> ignored) {
    if (NON_DETERMINISTIC.matcher(query).find()) {
      return Optional.empty();
    }
    SortedMap<String, Long> versions = new TreeMap<>();
    for (TableName table : tablesRead(query)) {
      if (ignored.contains(table)) {
        continue;
      }
      boolean view =
          model(table).filter(m -> !m.spec().materialization().isPersisted()).isPresent();
      Optional<Long> version = view ? Optional.empty() : warehouse.version(spark, table);
      if (version.isEmpty()) {
        return Optional.empty();
      }
      versions.put(table.toString(), version.get());
    }
    return Optional.of(versions);
  }

  /** The Strata metadata of the table's commit at {@code version}, if that is its latest. */
  Optional<CommitMetadata> latestCommit(TableName table, long version) {
    return warehouse
        .commits(spark, table)
        .findFirst()
        .filter(commit -> commit.version() == version)
        .flatMap(Warehouse.Commit::userMetadata)
        .flatMap(CommitMetadata::parse);
  }

  /** The project's model that publishes {@code table}, if any. */
  private Optional<Model> model(TableName table) {
    return table.layer() == Layer.RAW
        ? Optional.empty()
        : graph.findModel(table.table()).filter(m -> m.spec().table().equals(table));
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
