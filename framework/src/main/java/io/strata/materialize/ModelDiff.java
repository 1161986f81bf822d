package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.graph.ProjectGraph;
import io.strata.model.DataTest;
import io.strata.model.Materialization;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.TestOptions;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code strata diff}: a model's published table against what its code computes from its sources, a
 * full build's computation held in the query plan and never written anywhere. The published table
 * is only read.
 *
 * <p>The sources are read at the versions the table's last Strata commit records (its watermark),
 * so rows landed since and not built yet are not counted as drift; persisted models it reads are
 * read as published.
 */
public final class ModelDiff {
  private final SparkSession session;
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final ModelSpec spec;

  private ModelDiff(SparkSession session, Warehouse warehouse, ProjectGraph graph, ModelSpec spec) {
    this.session = requireNonNull(session, "session is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.spec = requireNonNull(spec, "spec is null");
  }

  /**
   * The diff of a table or incremental model that has been built; a usage error (exit code 2)
   * otherwise.
   *
   * @param session where the recomputation runs (its temporary views are registered there)
   */
  public static ModelDiff of(
      SparkSession session, Warehouse warehouse, ProjectGraph graph, ModelSpec spec) {
    Materialization materialization = spec.materialization();
    if (materialization != Materialization.TABLE
        && materialization != Materialization.INCREMENTAL) {
      throw Errors.cannotDiff(
          spec.name(),
          "it is materialized as "
              + materialization.name().toLowerCase(java.util.Locale.ROOT)
              + (materialization.isPersisted()
                  ? ", whose history depends on when each version landed"
                  : ", which stores no table")
              + "; diff compares tables and incremental models",
          "Diff a table or an incremental model");
    }
    return new ModelDiff(session, warehouse, graph, spec);
  }

  public DiffReport run(DiffRequest request) {
    TableName table = spec.table();
    long version =
        warehouse
            .version(session, table)
            .orElseThrow(
                () ->
                    Errors.cannotDiff(
                        spec.name(),
                        "its table " + table + " has never been built",
                        "Build it first: strata build " + spec.name()));
    Optional<CommitMetadata> watermark = CommitMetadata.latest(session, warehouse, table);
    ModelBuilder builder =
        new ModelBuilder(
            warehouse,
            graph,
            new RunSnapshot(session, warehouse),
            CommitHook.NONE,
            TestOptions.SKIP);
    Lineage lineage = Lineage.of(graph, spec);
    RunSnapshot pinned =
        watermark
            .flatMap(w -> RunSnapshot.atWatermark(session, warehouse, lineage, w))
            .orElseGet(() -> new RunSnapshot(session, warehouse));
    Dataset<Row> published = warehouse.readVersion(session, table, version);
    Dataset<Row> recomputed = builder.recomputed(session, spec, pinned);
    Scope scope = scope(request, published);
    List<String> tableColumns = Arrays.asList(published.columns());
    List<String> recomputedColumns = Arrays.asList(recomputed.columns());
    List<String> common = new ArrayList<>(tableColumns);
    common.retainAll(recomputedColumns);
    List<String> key = key(common);
    List<String> compared = new ArrayList<>(common);
    compared.removeAll(key);
    RowComparison.Found found =
        new RowComparison(scope.apply(published), scope.apply(recomputed), key, compared)
            .compare(request.samples());
    return new DiffReport(
        table.toString(),
        version,
        lineage.sources().stream().map(s -> s + " v" + pinned.version(s)).toList(),
        key,
        found.tableRows(),
        found.recomputedRows(),
        found.onlyInTable(),
        found.onlyInRecomputed(),
        found.differing(),
        missing(tableColumns, recomputedColumns),
        missing(recomputedColumns, tableColumns),
        found.samples(),
        notes(watermark, lineage));
  }

  /** The unique key: an incremental model's, else the columns of a table's {@code unique} test. */
  private List<String> key(List<String> common) {
    List<String> key =
        spec.incremental().isPresent()
            ? spec.uniqueKey()
            : spec.tests().stream()
                .filter(t -> t.kind() == DataTest.Kind.UNIQUE && common.containsAll(t.columns()))
                .map(DataTest::columns)
                .findFirst()
                .orElse(common);
    if (!common.containsAll(key)) {
      throw Errors.cannotDiff(
          spec.name(),
          "its key " + key + " is not a column of both the table and the recomputation",
          "Rebuild it: strata build " + spec.name() + " --full-refresh");
    }
    return key;
  }

  /** A filter applied to both sides. */
  private interface Scope {
    Dataset<Row> apply(Dataset<Row> rows);
  }

  private Scope scope(DiffRequest request, Dataset<Row> published) {
    if (request.where().isPresent()) {
      String where = request.where().get();
      try {
        published.where(functions.expr(where)).schema();
      } catch (Exception e) { // Spark's AnalysisException and ParseException, checked or not
        throw Errors.usage(
            "--where '"
                + where
                + "' is not a condition over "
                + spec.table()
                + ": "
                + e.getMessage());
      }
      return rows -> rows.where(functions.expr(where));
    }
    if (request.lastPartitions().isEmpty()) {
      return rows -> rows;
    }
    if (spec.partitionBy().isEmpty()) {
      throw Errors.cannotDiff(
          spec.name(),
          "--last-partitions needs a partition column, and it has none",
          "Limit the rows with --where SQL instead");
    }
    String column = spec.partitionBy().get(0);
    Object[] newest =
        published
            .select(column)
            .distinct()
            .where(functions.col(column).isNotNull())
            .orderBy(functions.col(column).desc())
            .limit(request.lastPartitions().getAsInt())
            .collectAsList()
            .stream()
            .map(r -> r.get(0))
            .toArray();
    return rows -> rows.where(functions.col(column).isin(newest));
  }

  private static List<String> missing(List<String> from, List<String> in) {
    List<String> left = new ArrayList<>(from);
    left.removeAll(in);
    return left;
  }

  /**
   * What the reader should know beside the counts: the code changes the table accepted forward-only
   * (its older rows were computed by older code, which explains drift there), and where the raw
   * versions compared come from.
   */
  private List<String> notes(Optional<CommitMetadata> watermark, Lineage lineage) {
    List<String> notes = new ArrayList<>();
    for (ForwardOnly accepted : ForwardOnly.since(session, warehouse, spec.table())) {
      notes.add(
          "version "
              + accepted.version()
              + " accepted a code change of "
              + String.join(", ", accepted.models())
              + " forward-only: rows merged before it keep the old code; strata build "
              + spec.name()
              + " --full-refresh recomputes them");
    }
    if (watermark.isEmpty()) {
      notes.add(
          "no commit of "
              + spec.table()
              + " records the raw versions it was built from: recomputed from the latest ones");
      return notes;
    }
    Map<String, Long> newer = new TreeMap<>();
    for (TableName source : lineage.sources()) {
      long latest = warehouse.version(session, source).orElse(-1L);
      Long built = watermark.get().sources().get(source.toString());
      if (built != null && latest > built) {
        newer.put(source.toString(), latest - built);
      }
    }
    newer.forEach(
        (source, versions) ->
            notes.add(
                source
                    + " has "
                    + versions
                    + " version(s) newer than the table's watermark, not compared: build to"
                    + " bring them in"));
    return notes;
  }
}
