package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.model.ModelSpec;
import io.strata.warehouse.Warehouse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The partitions a backfill replaces: dates from {@code from} to {@code to}, both included; no
 * {@code to} reaches the newest partition.
 */
public record BackfillRange(LocalDate from, Optional<LocalDate> to) {
  public BackfillRange {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    if (to.isPresent() && from.isAfter(to.get())) {
      throw Errors.badBackfillRange(
          "--from " + from + " --to " + to.get(), "--from is after --to", "Swap them.");
    }
  }

  /** Parses {@code --from} and {@code --to} (ISO dates), naming a malformed one. */
  public static BackfillRange parse(String from, Optional<String> to) {
    return new BackfillRange(date("--from", from), to.map(t -> date("--to", t)));
  }

  private static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw Errors.badBackfillRange(
          option + " " + value, "'" + value + "' is not a date", "Give it as YYYY-MM-DD.");
    }
  }

  /**
   * Checks, before any build, that {@code spec}'s published table can be backfilled over this
   * range: an incremental model, built, partitioned first by a date column whose partitions the
   * range lines up with; throws a usage error (exit code 2) naming the reason otherwise.
   *
   * @return the partition column the range applies to
   */
  public String check(SparkSession spark, Warehouse warehouse, ModelSpec spec) {
    return Backfill.check(spark, warehouse, spec, this);
  }

  /**
   * Checks, without reading any table, that {@code spec} is an incremental model with a partition
   * column; throws a usage error naming what it lacks otherwise.
   */
  public static void requireBackfillable(ModelSpec spec) {
    Backfill.requireBackfillable(spec);
  }

  /** The Spark SQL condition selecting the range on a date column. */
  String condition(String column) {
    String quoted = SqlNames.quoted(column);
    String lower = quoted + " >= DATE'" + from + "'";
    return to.map(t -> lower + " AND " + quoted + " <= DATE'" + t + "'").orElse(lower);
  }

  /** {@code order_date 2026-03-01 to 2026-03-07}, or {@code from 2026-03-01} when open. */
  String describe(String column) {
    return column + " " + to.map(t -> from + " to " + t).orElse("from " + from);
  }
}
