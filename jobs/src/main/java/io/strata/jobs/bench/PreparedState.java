package io.strata.jobs.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * What a size's warehouse was prepared with (raw history generated, marts built, increment landed),
 * so that {@code --reuse-work} can run the incremental scenarios on it again.
 *
 * @param historyLoadedAt the history's latest landing time, the hand-written job's watermark
 * @param preparedAt when the increment landed: a warehouse older than a day would fail the sources'
 *     freshness checks, so it is not reused
 */
record PreparedState(
    long orders,
    long increment,
    int lateChangeDays,
    long seed,
    Instant historyLoadedAt,
    Instant preparedAt) {
  static final String FILE = "prepared.properties";
  private static final Duration REUSABLE_FOR = Duration.ofHours(24);

  PreparedState(long orders, BenchOptions options, Instant historyLoadedAt) {
    this(
        orders,
        options.increment(),
        options.lateChangeDays(),
        options.seed(),
        historyLoadedAt,
        Instant.now());
  }

  /** The same generated data, prepared recently enough to be built on again. */
  boolean sameData(PreparedState other) {
    return orders == other.orders
        && increment == other.increment
        && lateChangeDays == other.lateChangeDays
        && seed == other.seed
        && other.preparedAt.isAfter(Instant.now().minus(REUSABLE_FOR));
  }

  void write(Path dir) {
    Properties properties = new Properties();
    properties.setProperty("orders", Long.toString(orders));
    properties.setProperty("increment", Long.toString(increment));
    properties.setProperty("late_change_days", Integer.toString(lateChangeDays));
    properties.setProperty("seed", Long.toString(seed));
    properties.setProperty("history_loaded_at", historyLoadedAt.toString());
    properties.setProperty("prepared_at", preparedAt.toString());
    try (Writer out = Files.newBufferedWriter(dir.resolve(FILE))) {
      properties.store(out, "the benchmark's prepared warehouse under base/");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state a previous run wrote under {@code dir}; empty when there is none or it is torn. */
  static Optional<PreparedState> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
      return Optional.of(
          new PreparedState(
              Long.parseLong(properties.getProperty("orders", "")),
              Long.parseLong(properties.getProperty("increment", "")),
              Integer.parseInt(properties.getProperty("late_change_days", "")),
              Long.parseLong(properties.getProperty("seed", "")),
              Instant.parse(properties.getProperty("history_loaded_at", "")),
              Instant.parse(properties.getProperty("prepared_at", ""))));
    } catch (IOException | NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
