package io.strata.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One data test's outcome on one model.
 *
 * @param failingRows rows that break the rule (for row counts: the count when out of bounds)
 * @param samples up to five offending rows, as {@code column=value} lists
 * @param reused passed before on exactly the same data, so not run again
 */
public record TestResult(
    String model,
    String test,
    TestStatus status,
    long failingRows,
    long checkedRows,
    List<String> samples,
    boolean reused) {
  public TestResult {
    requireNonNull(model, "model is null");
    requireNonNull(test, "test is null");
    requireNonNull(status, "status is null");
    samples = List.copyOf(requireNonNull(samples, "samples is null"));
  }

  /** A test that ran. */
  public TestResult(
      String model,
      String test,
      TestStatus status,
      long failingRows,
      long checkedRows,
      List<String> samples) {
    this(model, test, status, failingRows, checkedRows, samples, false);
  }

  /** A pass carried over from a run on exactly the same data. */
  public static TestResult passedBefore(String model, String test) {
    return new TestResult(model, test, TestStatus.PASS, 0, 0, List.of(), true);
  }

  /** {@code unique(order_id): 2 of 40 rows fail}, with samples on following lines. */
  public String describe() {
    if (reused) {
      return String.format(
          "%s %s on %s: passed on the same data before, not run again", status, test, model);
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                "%s %s on %s: %d of %d rows fail", status, test, model, failingRows, checkedRows));
    samples.forEach(s -> text.append("\n    ").append(s));
    return text.toString();
  }
}
