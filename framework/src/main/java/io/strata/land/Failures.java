package io.strata.land;

/** A failure's reason in one line, for a user: a full disk said so, no stack trace. */
final class Failures {
  private static final String NO_SPACE = "No space left on device";

  private Failures() {}

  static String reason(Throwable error) {
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains(NO_SPACE)
          || t.getClass().getName().endsWith("DiskOutOfSpaceException")) {
        return "the disk is full (" + NO_SPACE + ")";
      }
      root = t;
    }
    String first = String.valueOf(root.getMessage()).lines().findFirst().orElse("").strip();
    return root.getClass().getSimpleName() + ": " + first;
  }
}
