package io.strata.error;

/**
 * The kind of a user-facing failure, and the process exit code the command line maps it to.
 *
 * <p>Exit codes: 0 success, 1 a model or test failed, 2 bad usage or configuration, 3 an invalid
 * project (cycle, layer violation, naming, undeclared input), 4 rejected input data (malformed
 * file, missing table, schema drift), 5 an internal error.
 *
 * <p>Faults of the environment map to the same codes: another writer or another build on the same
 * warehouse ({@link #CONFLICT}) is 2, like a usage error, since the fix is to run one writer at a
 * time; a damaged table ({@link #BROKEN_TABLE}) is 4, like rejected data; a full disk ({@link
 * #DISK_FULL}) is 5, like an internal error, since neither the project nor its data is at fault.
 */
public enum ErrorKind {
  MODEL_FAILED(1),
  USAGE(2),
  CONFIG(2),
  PROJECT(3),
  DATA(4),
  INTERNAL(5),
  /** Another build holds the warehouse, or another writer committed to a table first. */
  CONFLICT(2),
  /** A table's Delta log or data files are missing or damaged. */
  BROKEN_TABLE(4),
  /** The disk (or file system) being written to is full. */
  DISK_FULL(5);

  private final int exitCode;

  ErrorKind(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
