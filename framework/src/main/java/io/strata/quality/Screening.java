package io.strata.quality;

import static java.util.Objects.requireNonNull;

import io.strata.model.DataTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Relationship tests run over a superset of the rows to be tested, while those rows are still being
 * computed: their costly part, reading the referenced models, is then out of the way. The rows
 * finally tested are those of the superset with the same key, so their orphans are the superset's
 * orphans with those keys. Close it to free what it keeps.
 */
public final class Screening implements AutoCloseable {
  /** Up to this many orphans, they are broadcast to the rows tested. */
  private static final long BROADCAST_ROWS = 1_000_000;

  private final List<String> key;
  private final Map<DataTest, Dataset<Row>> orphans;
  private final boolean exact;

  /**
   * @param key columns that identify a row of the superset
   * @param orphans each relationship test's orphans in the superset, as local checkpoints
   * @param exact the superset holds no row besides those tested
   */
  private Screening(List<String> key, Map<DataTest, Dataset<Row>> orphans, boolean exact) {
    this.key = List.copyOf(requireNonNull(key, "key is null"));
    this.orphans = Map.copyOf(requireNonNull(orphans, "orphans is null"));
    this.exact = exact;
  }

  Screening(List<String> key, Map<DataTest, Dataset<Row>> orphans) {
    this(key, orphans, false);
  }

  /** Nothing screened. */
  public static Screening none() {
    return new Screening(List.of(), Map.of());
  }

  /**
   * The same screening, known to have run over exactly the rows tested (none was dropped since):
   * its orphans are then the answer, with no narrowing.
   */
  public Screening exact() {
    return new Screening(key, orphans, true);
  }

  /**
   * The test's orphans among {@code rows} as a local checkpoint, when the test was screened: the
   * screened orphans, usually few, are broadcast to the rows' keys, which then need no shuffle.
   */
  Optional<Dataset<Row>> orphans(DataTest test, Dataset<Row> rows) {
    Dataset<Row> screened = orphans.get(test);
    if (screened == null) {
      return Optional.empty();
    }
    if (exact) {
      return Optional.of(screened);
    }
    Dataset<Row> lookup =
        screened.count() <= BROADCAST_ROWS ? functions.broadcast(screened) : screened;
    List<Column> keys = new ArrayList<>();
    Column matches = functions.lit(true);
    for (int i = 0; i < key.size(); i++) {
      String column = "`" + key.get(i) + "`";
      keys.add(functions.col(column).as("__strata_key" + i));
      matches = matches.and(lookup.col(column).eqNullSafe(functions.col("__strata_key" + i)));
    }
    Column[] columns =
        Arrays.stream(screened.columns())
            .map(c -> lookup.col("`" + c + "`"))
            .toArray(Column[]::new);
    return Optional.of(
        rows.select(keys.toArray(Column[]::new))
            .join(lookup, matches)
            .select(columns)
            .localCheckpoint());
  }

  @Override
  public void close() {
    orphans.values().forEach(Checkpoints::release);
  }
}
