package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * When failing rows are too many: more than a count, or more than a fraction of the rows tested.
 */
public record Threshold(Optional<Long> rows, Optional<Double> fraction) {
  /** Any failing row. */
  public static final Threshold ANY = rows(0);

  public Threshold {
    requireNonNull(rows, "rows is null");
    requireNonNull(fraction, "fraction is null");
    rows.filter(r -> r < 0)
        .ifPresent(
            r -> {
              throw new IllegalArgumentException("rows must not be negative: " + r);
            });
    fraction
        .filter(f -> f < 0 || f > 1)
        .ifPresent(
            f -> {
              throw new IllegalArgumentException("fraction must lie in [0, 1]: " + f);
            });
  }

  public static Threshold rows(long rows) {
    return new Threshold(Optional.of(rows), Optional.empty());
  }

  public static Threshold fraction(double fraction) {
    return new Threshold(Optional.empty(), Optional.of(fraction));
  }

  public boolean exceededBy(long failing, long checked) {
    boolean byRows = rows.filter(r -> failing > r).isPresent();
    boolean byFraction =
        fraction.filter(f -> checked > 0 && (double) failing / checked > f).isPresent();
    return byRows || byFraction;
  }
}
