package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.model.Dedup;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The engine's side of the unit-testing kit: a model's context over rows a test gives, and the rows
 * an incremental MERGE would land, by the engine's own rules. Use it through {@link
 * io.strata.testing.ModelRun}; it is public only for that package.
 */
public final class GivenInputs implements TransformInputs {
  /** On a table row: its key's greatest (order, landed, hash), as {@link NewerRowFilter} has it. */
  private static final String NEWEST = "__strata_newest";

  private final SparkSession spark;
  private final Map<TableName, Dataset<Row>> refs;
  private final Map<TableName, Dataset<Row>> sources;
  private final boolean incremental;

  private GivenInputs(
      SparkSession spark,
      Map<TableName, Dataset<Row>> refs,
      Map<TableName, Dataset<Row>> sources,
      boolean incremental) {
    this.spark = requireNonNull(spark, "spark is null");
    this.refs = Map.copyOf(requireNonNull(refs, "refs is null"));
    this.sources = Map.copyOf(requireNonNull(sources, "sources is null"));
    this.incremental = incremental;
  }

  /**
   * The context the engine would give {@code model}'s transform, over the given rows: {@code
   * ctx.ref}, {@code ctx.source} and the {@code layer.table} names of {@code ctx.sql} resolve to
   * them, and any input the model does not declare is refused as in a build.
   *
   * @param refs rows per referenced model, by its table ({@code staging.stg_orders})
   * @param sources rows per raw source
   * @param incremental what {@link ModelContext#isIncremental()} answers
   */
  public static ModelContext context(
      ModelSpec model,
      SparkSession spark,
      Map<TableName, Dataset<Row>> refs,
      Map<TableName, Dataset<Row>> sources,
      boolean incremental) {
    return new BuildContext(
        requireNonNull(model, "model is null"), new GivenInputs(spark, refs, sources, incremental));
  }

  /**
   * The rows of an incremental model's batch that its MERGE would land into {@code table}: the
   * newest per unique key ({@link Dedup#latest} by order column, then landing time, then row hash),
   * kept only where the table holds no row with the key or the row comes first in that same order
   * before the table's newest with it ({@link NewerRowFilter#replaces}). {@code batch} is the
   * transform's output less its quarantine.
   */
  public static Dataset<Row> landing(ModelSpec model, Dataset<Row> batch, Dataset<Row> table) {
    IncrementalSpec spec = incremental(model);
    requireColumns(model, batch);
    Dataset<Row> latest =
        Dedup.latest(batch, spec.uniqueKey(), List.of(spec.orderBy(), spec.loadedAt()));
    String order = SqlNames.quoted(spec.orderBy());
    String loaded = SqlNames.quoted(spec.loadedAt());
    String hash = Dedup.rowHash(NewerRowFilter.hashed(latest.schema(), table.schema()), "");
    Column[] keys = SqlNames.columns(spec.uniqueKey());
    Dataset<Row> newest =
        table
            .groupBy(keys)
            .agg(
                functions
                    .max(
                        functions.struct(
                            functions.col(order).as("o"),
                            functions.col(loaded).as("l"),
                            functions.expr(hash).as("h")))
                    .as(NEWEST));
    Column replaces =
        functions
            .col(NEWEST)
            .isNull()
            .or(
                functions.expr(
                    NewerRowFilter.replaces(
                        new NewerRowFilter.Ranked(order, loaded, hash),
                        new NewerRowFilter.Ranked(NEWEST + ".o", NEWEST + ".l", NEWEST + ".h"))));
    return latest
        .join(newest, SqlNames.seq(spec.uniqueKey()), "left_outer")
        .where(replaces)
        .select(SqlNames.columns(List.of(latest.columns())));
  }

  /**
   * {@code table} once {@code landing} is merged into it: each landing row replaces every row with
   * its key, or is inserted; a column only one side has is null on the other's rows.
   */
  public static Dataset<Row> merged(ModelSpec model, Dataset<Row> landing, Dataset<Row> table) {
    IncrementalSpec spec = incremental(model);
    Dataset<Row> kept =
        table.join(
            landing.select(SqlNames.columns(spec.uniqueKey())),
            SqlNames.seq(spec.uniqueKey()),
            "left_anti");
    return kept.unionByName(landing, true);
  }

  /** A snapshot model's history of {@code rows}, as its full build computes it. */
  public static Dataset<Row> history(ModelSpec model, Dataset<Row> rows) {
    SnapshotSpec snapshot =
        model
            .snapshot()
            .orElseThrow(
                () -> new IllegalArgumentException("model " + model.name() + " is no snapshot"));
    return new SnapshotHistory(snapshot).of(rows);
  }

  private static IncrementalSpec incremental(ModelSpec model) {
    return model
        .incremental()
        .orElseThrow(
            () -> new IllegalArgumentException("model " + model.name() + " is not incremental"));
  }

  /** Fails as a build does when the rows lack a column the incremental config names. */
  private static void requireColumns(ModelSpec model, Dataset<Row> rows) {
    Set<String> present = new HashSet<>();
    Arrays.stream(rows.columns()).forEach(c -> present.add(c.toLowerCase(Locale.ROOT)));
    List<String> missing = new ArrayList<>();
    for (String column : incremental(model).requiredColumns()) {
      if (!present.contains(column.toLowerCase(Locale.ROOT))) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw Errors.incrementalColumnsMissing(model.name(), missing, List.of(rows.columns()));
    }
  }

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public boolean isIncremental() {
    return incremental;
  }

  @Override
  public TableName tableOf(String model) {
    return refs.keySet().stream()
        .filter(t -> t.table().equals(model))
        .findFirst()
        .orElseThrow(() -> noRows("ref", model));
  }

  @Override
  public Dataset<Row> model(ModelSpec reader, String name) {
    return refs.get(tableOf(name));
  }

  @Override
  public Dataset<Row> source(TableName table) {
    Dataset<Row> rows = sources.get(table);
    if (rows == null) {
      throw noRows("source", table.toString());
    }
    return rows;
  }

  private static AssertionError noRows(String kind, String name) {
    return new AssertionError(
        String.format(
            "the transform reads %s %s, for which the test gives no rows: add .%s(\"%s\","
                + " rows(...))",
            kind, name, kind, name));
  }
}
