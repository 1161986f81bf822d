package io.strata.quality;

import static java.util.Objects.requireNonNull;

import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A model's quarantine: the rules whose failing rows are kept out of it and set aside in {@code
 * audit.<model>__quarantine} rather than failing it.
 *
 * <p>The rules are the model's tests declared with {@link DataTest#quarantine()} and, for an
 * incremental or snapshot model, one per unique-key column: a row whose key is null, or an empty or
 * blank string, never reaches a MERGE (it would merge unrelated rows into one, or fail every later
 * build); a snapshot's row with no version time has no place in its history either.
 */
public final class Quarantine {
  /** Suffix of the audit table that holds a model's quarantined rows. */
  public static final String SUFFIX = "__quarantine";

  private final ModelSpec spec;
  private final List<DataTest> rules;

  private Quarantine(ModelSpec spec, List<DataTest> rules) {
    this.spec = spec;
    this.rules = List.copyOf(rules);
  }

  /** The quarantine of a model whose rows have this schema. */
  public static Quarantine of(ModelSpec spec, StructType schema) {
    requireNonNull(spec, "spec is null");
    List<DataTest> rules = new ArrayList<>();
    spec.tests().stream().filter(DataTest::quarantines).forEach(rules::add);
    for (String key : spec.uniqueKey()) {
      rules.add(keyPresent(key, schema));
    }
    spec.snapshot()
        .flatMap(s -> s.updatedAt())
        .ifPresent(column -> rules.add(DataTest.notNull(column).quarantine()));
    return new Quarantine(spec, rules);
  }

  /** {@code audit.<model>__quarantine}. */
  public static TableName table(ModelSpec spec) {
    return TableName.of(Layer.AUDIT, spec.name() + SUFFIX);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The rows no rule holds back. */
  public Dataset<Row> kept(Dataset<Row> rows) {
    return isEmpty() ? rows : rows.where(functions.not(anyFails()));
  }

  /**
   * Counts each rule's failing rows (one Spark job) and judges them by the rule's thresholds.
   *
   * @throws AuditFailure when a rule's error threshold is exceeded: nothing is published
   */
  public Screened screen(Dataset<Row> rows, boolean warningsAreErrors, Instant at) {
    if (isEmpty()) {
      return new Screened(rows, List.of(), rows.sparkSession().emptyDataFrame(), 0, false);
    }
    List<Column> counts = new ArrayList<>();
    counts.add(functions.count(functions.lit(1)));
    counts.add(functions.count(functions.when(anyFails(), 1)));
    rules.forEach(r -> counts.add(functions.count(functions.when(RowRules.failing(r), 1))));
    Row totals =
        rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    long checked = totals.getLong(0);
    Dataset<Row> held = held(rows, at);
    List<TestResult> results = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      DataTest rule = rules.get(i);
      long failing = totals.getLong(2 + i);
      TestStatus status = DataTestRunner.status(rule, failing, checked, warningsAreErrors);
      List<String> samples = new ArrayList<>();
      if (failing > 0) {
        samples.add(failing + " rows kept out of the model, in " + table(spec));
        samples.addAll(
            DataTestRunner.samples(rows.where(RowRules.failing(rule)).drop(internal(rows))));
      }
      if (failing > 0 || declared(rule)) {
        results.add(
            new TestResult(
                spec.table().toString(), rule.name(), status, failing, checked, samples));
      }
    }
    if (results.stream().anyMatch(r -> r.status() == TestStatus.ERROR)) {
      throw new AuditFailure(spec.table().toString(), results);
    }
    return new Screened(kept(rows), results, held, totals.getLong(1), true);
  }

  /**
   * What a screening found: the rows kept, the rules' results, and the rows held back as they go to
   * the quarantine table ({@code model, tests, quarantined_at, row} with the row as JSON).
   *
   * @param ruled whether any rule screened the rows (none: the model has no quarantine)
   */
  public record Screened(
      Dataset<Row> kept,
      List<TestResult> results,
      Dataset<Row> held,
      long heldRows,
      boolean ruled) {
    public Screened {
      requireNonNull(kept, "kept is null");
      results = List.copyOf(requireNonNull(results, "results is null"));
      requireNonNull(held, "held is null");
    }
  }

  /** A rule the model declares, reported always; the key rule is reported when it holds rows. */
  private boolean declared(DataTest rule) {
    return spec.tests().contains(rule);
  }

  private Dataset<Row> held(Dataset<Row> rows, Instant at) {
    List<Column> failed = new ArrayList<>();
    rules.forEach(r -> failed.add(functions.when(RowRules.failing(r), functions.lit(r.name()))));
    Column[] columns =
        Arrays.stream(rows.columns())
            .filter(c -> !c.startsWith("__strata_"))
            .map(c -> functions.col("`" + c.replace("`", "``") + "`"))
            .toArray(Column[]::new);
    return rows.where(anyFails())
        .select(
            functions.lit(spec.name()).as("model"),
            functions.concat_ws(", ", failed.toArray(Column[]::new)).as("tests"),
            functions.lit(Timestamp.from(at)).as("quarantined_at"),
            functions.to_json(functions.struct(columns)).as("row"));
  }

  private Column anyFails() {
    return rules.stream().map(RowRules::failing).reduce(Column::or).orElse(functions.lit(false));
  }

  private static String[] internal(Dataset<Row> rows) {
    return Arrays.stream(rows.columns())
        .filter(c -> c.startsWith("__strata_"))
        .toArray(String[]::new);
  }

  /** Null keys, and empty or blank string keys, are not keys. */
  private static DataTest keyPresent(String key, StructType schema) {
    String column = "`" + key.replace("`", "``") + "`";
    boolean text =
        Arrays.stream(schema.fields())
            .filter(f -> f.name().equalsIgnoreCase(key))
            .map(StructField::dataType)
            .anyMatch(t -> t.sameType(DataTypes.StringType));
    String predicate = column + " IS NOT NULL" + (text ? " AND trim(" + column + ") <> ''" : "");
    return DataTest.expression("unique_key_present(" + key + ")", predicate).quarantine();
  }
}
