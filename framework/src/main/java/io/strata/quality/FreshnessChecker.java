package io.strata.quality;

import static java.util.Objects.requireNonNull;

import io.strata.model.SourceSpec;
import io.strata.warehouse.ColumnStats;
import io.strata.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.SparkSession;

/** Checks raw sources' newest landing time against their warn and error thresholds. */
public final class FreshnessChecker {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Clock clock;

  public FreshnessChecker(SparkSession spark, Warehouse warehouse, Clock clock) {
    this.spark = requireNonNull(spark, "spark is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** One result per source that declares freshness, in order; the sources are read at once. */
  public List<FreshnessResult> check(Collection<SourceSpec> sources) {
    List<CompletableFuture<FreshnessResult>> checks = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, sources.size())));
    try {
      for (SourceSpec source : sources) {
        if (source.hasFreshness()) {
          checks.add(CompletableFuture.supplyAsync(() -> check(source), pool));
        }
      }
      return checks.stream().map(CompletableFuture::join).toList();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } finally {
      pool.shutdown();
    }
  }

  private FreshnessResult check(SourceSpec source) {
    if (!warehouse.exists(source.table())) {
      return new FreshnessResult(
          source.table(),
          Optional.empty(),
          source.errorAfter().isPresent() ? TestStatus.ERROR : TestStatus.WARN,
          "nothing has been landed: run strata land " + source.table() + "=FILE");
    }
    Optional<Timestamp> max = ColumnStats.max(spark, warehouse, source.table(), source.loadedAt());
    if (max.isEmpty()) {
      return new FreshnessResult(
          source.table(), Optional.empty(), TestStatus.ERROR, "the table has no rows");
    }
    Instant latest = max.get().toInstant();
    Duration age = Duration.between(latest, clock.instant());
    TestStatus status = TestStatus.PASS;
    if (source.errorAfter().filter(limit -> age.compareTo(limit) > 0).isPresent()) {
      status = TestStatus.ERROR;
    } else if (source.warnAfter().filter(limit -> age.compareTo(limit) > 0).isPresent()) {
      status = TestStatus.WARN;
    }
    String message =
        String.format(
            "last landing %s, %s ago (warn after %s, error after %s)",
            latest,
            human(age),
            source.warnAfter().map(FreshnessChecker::human).orElse("-"),
            source.errorAfter().map(FreshnessChecker::human).orElse("-"));
    return new FreshnessResult(source.table(), Optional.of(latest), status, message);
  }

  static String human(Duration duration) {
    long hours = duration.toHours();
    return hours >= 48 ? hours / 24 + "d" : hours >= 1 ? hours + "h" : duration.toMinutes() + "m";
  }
}
