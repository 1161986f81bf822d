package io.strata.error;

import static java.util.Objects.requireNonNull;

/** A failure a user can act on: its message states the problem, the cause and the fix. */
public final class StrataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  StrataException(ErrorKind kind, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public ErrorKind kind() {
    return kind;
  }

  public int exitCode() {
    return kind.exitCode();
  }
}
