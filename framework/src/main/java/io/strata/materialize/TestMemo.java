package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.model.Layer;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Which views passed their data tests on which inputs, kept in {@code audit.test_memo}.
 *
 * <p>A view stores nothing, so its tests would read all of its raw input on every build. Its rows
 * are a function of its code and its inputs' versions: when both are those of a run in which every
 * test passed, the tests are not run again. A build with nothing new then reads no raw data. A
 * singular test is remembered the same way, by its query and the versions of the tables it reads.
 */
public final class TestMemo {
  public static final TableName TABLE = TableName.of(Layer.AUDIT, "test_memo");
  private static final StructType SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("inputs", DataTypes.StringType, false)
          .add("passed_at", DataTypes.TimestampType, false);

  private final Supplier<Set<String>> reader;
  private final boolean keeps;
  private final Map<String, String> added = new ConcurrentHashMap<>();
  private Set<String> passed;

  private TestMemo(Supplier<Set<String>> reader, boolean keeps) {
    this.reader = reader;
    this.keeps = keeps;
  }

  /** Nothing remembered, and nothing kept: every view is tested. */
  public static TestMemo none() {
    return new TestMemo(ConcurrentHashMap::newKeySet, false);
  }

  /**
   * The memo the warehouse holds, read when a view first asks: a run that tests no view does not
   * read it.
   */
  public static TestMemo load(SparkSession spark, Warehouse warehouse) {
    requireNonNull(spark, "spark is null");
    requireNonNull(warehouse, "warehouse is null");
    return new TestMemo(() -> read(spark, warehouse), true);
  }

  private static Set<String> read(SparkSession spark, Warehouse warehouse) {
    Set<String> passed = ConcurrentHashMap.newKeySet();
    if (warehouse.exists(TABLE)) {
      for (List<String> row : warehouse.readStrings(spark, TABLE, List.of("model", "inputs"))) {
        passed.add(key(row.get(0), row.get(1)));
      }
    }
    return passed;
  }

  private synchronized Set<String> passed() {
    if (passed == null) {
      passed = reader.get();
    }
    return passed;
  }

  /** Whether every test of {@code model} passed on exactly these inputs before. */
  boolean passed(String model, CommitMetadata inputs) {
    return passed(model, inputs.toJson());
  }

  /** Whether the tests named {@code subject} passed on exactly these inputs before. */
  public boolean passed(String subject, String inputs) {
    return passed().contains(key(subject, inputs));
  }

  /** Remembers that every test of {@code model} passed on these inputs, for {@link #save}. */
  void record(String model, CommitMetadata inputs) {
    record(model, inputs.toJson());
  }

  /** Remembers that the tests named {@code subject} passed on these inputs, for {@link #save}. */
  public void record(String subject, String inputs) {
    if (keeps && !passed().contains(key(subject, inputs))) {
      added.put(key(subject, inputs), subject);
    }
  }

  /** Appends what this run learnt in one commit; no commit when it learnt nothing. */
  public void save(SparkSession spark, Warehouse warehouse, Instant now) {
    if (added.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    added.forEach(
        (key, model) ->
            rows.add(
                RowFactory.create(model, key.substring(model.length() + 1), Timestamp.from(now))));
    warehouse.append(spark.createDataFrame(rows, SCHEMA), TABLE, List.of(), Map.of());
    passed().addAll(added.keySet());
    added.clear();
  }

  private static String key(String model, String inputs) {
    return model + "\n" + inputs;
  }
}
