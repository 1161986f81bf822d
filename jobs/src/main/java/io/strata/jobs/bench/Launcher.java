package io.strata.jobs.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Times a command of the {@code strata} launcher in its own JVM, start-up included. */
final class Launcher {
  private Launcher() {}

  /** Wall seconds from starting the process to its exit; fails when it exits non-zero. */
  static double time(Path launcher, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(launcher.toAbsolutePath().toString());
    command.addAll(List.of(args));
    long start = System.nanoTime();
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(env);
      Process process = builder.start();
      int code = process.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (code != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
      }
      return seconds;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + launcher, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing " + launcher, e);
    }
  }
}
