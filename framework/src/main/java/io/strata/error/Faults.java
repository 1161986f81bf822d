package io.strata.error;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes faults of the environment in the cause chain Spark and Hadoop wrap them in, however
 * deep: callers turn them into one line for the user instead of a stack trace.
 */
public final class Faults {
  /** What the JVM, Hadoop and Parquet report when a write finds no space left. */
  public static final String NO_SPACE = "No space left on device";

  private static final Pattern FILE_BEFORE = Pattern.compile("^(\\S+) \\(" + NO_SPACE + "\\)");
  private static final Pattern WRITING_TO =
      Pattern.compile("writing (?:rows )?to (\\S+?)\\.?(?:\\s|$)");

  private Faults() {}

  /**
   * Where the disk was full when {@code error} (or any of its causes or suppressed exceptions) says
   * so: the path written to, or an empty string when no message names it; empty when the disk was
   * not full.
   */
  public static Optional<String> diskFull(Throwable error) {
    boolean full = false;
    String path = "";
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      for (Throwable s : t.getSuppressed()) {
        full |= mentionsNoSpace(s);
      }
      String message = String.valueOf(t.getMessage());
      full |= message.contains(NO_SPACE);
      Matcher before = FILE_BEFORE.matcher(message);
      Matcher to = WRITING_TO.matcher(message);
      if (before.find()) {
        path = before.group(1);
      } else if (path.isEmpty() && to.find()) {
        path = to.group(1);
      }
    }
    return full ? Optional.of(path) : Optional.empty();
  }

  private static boolean mentionsNoSpace(Throwable error) {
    return String.valueOf(error.getMessage()).contains(NO_SPACE);
  }
}
