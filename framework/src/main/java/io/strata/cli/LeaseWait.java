package io.strata.cli;

import io.strata.config.StrataKeys;
import io.strata.error.ErrorKind;
import io.strata.error.Errors;
import io.strata.error.StrataException;
import io.strata.run.BuildLease;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Takes the warehouse's build lease for a command, waiting for it up to {@code --wait}. */
final class LeaseWait {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");
  private static final Duration POLL = Duration.ofSeconds(5);

  private LeaseWait() {}

  /** {@code 90s}, {@code 10m}, {@code 1h}; zero when absent. */
  static Duration parse(String value) {
    if (value == null) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw Errors.usage(
          "Invalid --wait '" + value + "': expected a duration such as 90s, 10m or 1h.");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /**
   * The lease for a run, taken at once or, while another build holds it, retried every few seconds
   * until {@code wait} has passed; then the other build's error is thrown.
   */
  static BuildLease take(Workspace workspace, String runId, String command, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return BuildLease.take(
            workspace.spark(),
            workspace.warehouse(),
            runId,
            command,
            workspace.config().get(StrataKeys.LEASE_TIMEOUT),
            Clock.systemUTC());
      } catch (StrataException e) {
        long left = deadline - System.nanoTime();
        if (e.kind() != ErrorKind.CONFLICT || left <= 0) {
          throw e;
        }
        pause(Math.min(left, POLL.toNanos()));
      }
    }
  }

  private static void pause(long nanos) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.usage("Interrupted while waiting for the warehouse's build lease.");
    }
  }
}
