package io.strata.config;

import java.util.OptionalInt;

/** {@code spark.sql.shuffle.partitions} as configured: a fixed count, or sized from the input. */
public record ShufflePartitions(OptionalInt fixed) {
  public static ShufflePartitions auto() {
    return new ShufflePartitions(OptionalInt.empty());
  }

  public static ShufflePartitions of(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a positive number or auto");
    }
    return new ShufflePartitions(OptionalInt.of(count));
  }

  public boolean isAuto() {
    return fixed.isEmpty();
  }

  /** About one partition per {@code bytesPerPartition} of input, clamped to [min, max]. */
  public static int sized(long inputBytes, long bytesPerPartition, int min, int max) {
    long wanted = (inputBytes + bytesPerPartition - 1) / bytesPerPartition;
    return (int) Math.max(min, Math.min(max, wanted));
  }

  @Override
  public String toString() {
    return isAuto() ? "auto" : Integer.toString(fixed.getAsInt());
  }
}
