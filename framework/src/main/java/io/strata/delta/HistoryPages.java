package io.strata.delta;

import io.delta.tables.DeltaTable;
import io.strata.warehouse.Warehouse.Commit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Row;

/**
 * A table's commits through Delta's public history ({@code DESCRIBE HISTORY}): newest first, read a
 * page at a time as the caller goes further back, each page eight times the last.
 */
final class HistoryPages {
  private static final int FIRST_PAGE = 16;
  private static final int GROWTH = 8;

  private HistoryPages() {}

  /** The newest commit. */
  static Commit latest(DeltaTable table) {
    return read(table, 1).get(0);
  }

  /** Every commit still in the log, newest first, read as the stream is consumed. */
  static Stream<Commit> commits(DeltaTable table) {
    Iterator<Commit> pages = new Pages(table);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  private static List<Commit> read(DeltaTable table, int limit) {
    List<Commit> commits = new ArrayList<>();
    for (Row row :
        table
            .history(limit)
            .select("version", "operation", "userMetadata", "operationMetrics")
            .collectAsList()) {
      commits.add(commit(row));
    }
    return commits;
  }

  private static Commit commit(Row row) {
    Map<String, String> metrics = row.isNullAt(3) ? Map.of() : Map.copyOf(row.getJavaMap(3));
    return new Commit(
        row.getLong(0),
        row.isNullAt(1) ? "" : row.getString(1),
        row.isNullAt(2) ? Optional.empty() : Optional.of(row.getString(2)),
        metrics);
  }

  /**
   * Pages of history: the next page re-reads the newest commits and goes on past the last one
   * returned (by version, so a commit made meanwhile is not returned twice).
   */
  private static final class Pages implements Iterator<Commit> {
    private final DeltaTable table;
    private List<Commit> page = List.of();
    private int limit;
    private int next;
    private long lastVersion = Long.MAX_VALUE;
    private boolean exhausted;

    Pages(DeltaTable table) {
      this.table = table;
    }

    @Override
    public boolean hasNext() {
      if (next < page.size()) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      limit = limit == 0 ? FIRST_PAGE : (int) Math.min((long) limit * GROWTH, Integer.MAX_VALUE);
      page = read(table, limit);
      exhausted = page.size() < limit;
      next = 0;
      while (next < page.size() && page.get(next).version() >= lastVersion) {
        next++;
      }
      return next < page.size();
    }

    @Override
    public Commit next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Commit commit = page.get(next++);
      lastVersion = commit.version();
      return commit;
    }
  }
}
