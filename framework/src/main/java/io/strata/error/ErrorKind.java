package io.strata.error;

/**
 * The kind of a user-facing failure, and the process exit code the command line maps it to.
 *
 * <p>Exit codes: 0 success, 1 a model or test failed, 2 bad usage or configuration, 3 an invalid
 * project (cycle, layer violation, naming, undeclared input), 4 rejected input data (malformed
 * file, missing table, schema drift), 5 an internal error.
 */
public enum ErrorKind {
  MODEL_FAILED(1),
  USAGE(2),
  CONFIG(2),
  PROJECT(3),
  DATA(4),
  INTERNAL(5);

  private final int exitCode;

  ErrorKind(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
