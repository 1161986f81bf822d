package io.strata.quality;

/** How a data test ended. */
public enum TestStatus {
  PASS,
  WARN,
  ERROR
}
