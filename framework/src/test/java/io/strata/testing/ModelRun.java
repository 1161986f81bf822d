package io.strata.testing;

import static java.util.Objects.requireNonNull;

import io.strata.materialize.GivenInputs;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.Quarantine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One model's transform run on rows a test gives, with no warehouse and no Delta: {@code
 * ctx.ref(...)}, {@code ctx.source(...)} and the {@code layer.table} names in {@code ctx.sql(...)}
 * read the rows given for them. An input the model does not declare is refused as in a build; one
 * it declares but the test gives no rows for fails naming it.
 *
 * <pre>{@code
 * Dataset<Row> out =
 *     ModelRun.of(new StgOrders())
 *         .source("raw.orders", rows("orderId STRING, amount STRING, isTest STRING, ...").row(...))
 *         .transform();
 * }</pre>
 *
 * <p>When the transform reads a column the given rows lack, the failure names the column and the
 * inputs given, with their columns. Runs in {@link StrataSpark#session()}. Immutable: each {@code
 * ref} and {@code source} returns a new run.
 */
public final class ModelRun {
  private final Model model;
  private final Map<TableName, Rows> refs;
  private final Map<TableName, Rows> sources;

  private ModelRun(Model model, Map<TableName, Rows> refs, Map<TableName, Rows> sources) {
    this.model = model;
    this.refs = Map.copyOf(refs);
    this.sources = Map.copyOf(sources);
  }

  /** A run of {@code model} with no inputs given yet. */
  public static ModelRun of(Model model) {
    requireNonNull(model, "model is null");
    requireNonNull(model.spec(), "the model's spec is null");
    return new ModelRun(model, Map.of(), Map.of());
  }

  public ModelSpec spec() {
    return model.spec();
  }

  /**
   * The rows of a model this one refs, by name ({@code stg_orders}, its layer told by its prefix)
   * or table name ({@code staging.stg_orders}).
   */
  public ModelRun ref(String model, Rows rows) {
    requireNonNull(rows, "rows is null");
    Map<TableName, Rows> more = new LinkedHashMap<>(refs);
    more.put(refTable(model), rows);
    return new ModelRun(this.model, more, sources);
  }

  /** The rows of a raw source this one reads, as {@code raw.orders}. */
  public ModelRun source(String table, Rows rows) {
    requireNonNull(rows, "rows is null");
    Map<TableName, Rows> more = new LinkedHashMap<>(sources);
    more.put(TableName.parse(table), rows);
    return new ModelRun(model, refs, more);
  }

  /**
   * The transform's rows, as a full build computes them (the context is not incremental), before
   * the model's quarantine; {@link #kept()} leaves out what it holds back.
   */
  public Dataset<Row> transform() {
    return transform(false);
  }

  /** The transform's rows less those its quarantine holds back, as a build publishes a view. */
  public Dataset<Row> kept() {
    Dataset<Row> rows = transform();
    return Quarantine.of(spec(), rows.schema()).kept(rows);
  }

  /**
   * For a snapshot model: its history of the given versions (every version landed so far), as a
   * full build computes it, and as every incremental build leaves it; computed in memory.
   */
  public Dataset<Row> history() {
    return GivenInputs.history(spec(), kept());
  }

  /**
   * For an incremental model: what a build would MERGE from the given inputs (a batch: the context
   * says incremental) into a table holding {@code table}'s rows.
   *
   * <p>Computed in memory with Spark, not Delta, by the engine's rules: rows with a null or blank
   * key are quarantined; the newest row per unique key is kept ({@link io.strata.model.Dedup}: the
   * order column, then the landing column, descending with nulls last, then a row hash); it lands
   * only where the table has no row with its key or it comes first in that order before the table's
   * row (the MERGE's condition). The lookback and {@code on_schema_change} are not applied: the
   * inputs given are the batch, and a column only one side has is null on the other's rows.
   */
  public MergeResult mergeInto(Rows table) {
    requireNonNull(table, "table is null");
    ModelSpec spec = spec();
    if (spec.incremental().isEmpty()) {
      throw new IllegalArgumentException(
          "model " + spec.name() + " is not incremental: use transform()");
    }
    Dataset<Row> batch = transform(true);
    Dataset<Row> existing = table.toDataset(spark());
    Dataset<Row> kept = Quarantine.of(spec, batch.schema()).kept(batch);
    Dataset<Row> landing = GivenInputs.landing(spec, kept, existing);
    return new MergeResult(
        landing, GivenInputs.merged(spec, landing, existing), batch.exceptAll(kept));
  }

  private Dataset<Row> transform(boolean incremental) {
    SparkSession spark = spark();
    Map<TableName, Dataset<Row>> refRows = new LinkedHashMap<>();
    refs.forEach((t, rows) -> refRows.put(t, rows.toDataset(spark)));
    Map<TableName, Dataset<Row>> sourceRows = new LinkedHashMap<>();
    sources.forEach((t, rows) -> sourceRows.put(t, rows.toDataset(spark)));
    try {
      Dataset<Row> result =
          model.transform(GivenInputs.context(spec(), spark, refRows, sourceRows, incremental));
      return requireNonNull(result, () -> "model " + spec().name() + "'s transform returned null");
    } catch (Exception e) {
      // Spark's AnalysisException is checked in Java's eyes, though Scala throws it unchecked.
      AssertionError explained =
          InputMismatch.explained(spec().name(), e, refRows, sourceRows).orElse(null);
      if (explained != null) {
        throw explained;
      }
      throw ModelRun.<RuntimeException>rethrown(e);
    }
  }

  /** Throws {@code e} as it is, checked or not. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrown(Exception e) throws E {
    throw (E) e;
  }

  private static SparkSession spark() {
    return StrataSpark.session();
  }

  private static TableName refTable(String model) {
    return TableName.tryParse(model)
        .orElseGet(
            () ->
                java.util.Arrays.stream(Layer.values())
                    .filter(
                        l ->
                            l.prefixes().stream()
                                .anyMatch(p -> !p.isEmpty() && model.startsWith(p)))
                    .findFirst()
                    .map(l -> TableName.of(l, model))
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "'"
                                    + model
                                    + "' has no layer prefix (stg_, int_, fct_, dim_): give it as"
                                    + " layer.table")));
  }
}
