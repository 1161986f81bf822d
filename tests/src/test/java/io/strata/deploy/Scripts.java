package io.strata.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts as child processes, output captured to a file. */
final class Scripts {
  /**
   * JIT options for the JVMs the tests start: C1 only. Their runs are short, so C2 would spend more
   * CPU compiling than it saves, and the two cores are shared with the test JVM.
   */
  static final String SHORT_RUN_JIT = "-XX:TieredStopAtLevel=1";

  /**
   * Spark settings, as JVM options, for a launched JVM that only proves a command runs on a few
   * rows: no generated code, whose compilation costs more than it saves there (as in the test JVMs,
   * see the surefire configuration).
   */
  static final String TINY_DATA_SPARK =
      "-Dspark.sql.codegen.wholeStage=false -Dspark.sql.codegen.factoryMode=NO_CODEGEN";

  private Scripts() {}

  /** A finished process: its exit code and its stdout and stderr, interleaved. */
  record Result(int exitCode, String output) {
    String tail(int lines) {
      String[] all = output.split("\n");
      return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }
  }

  /** The repository root: the nearest directory upwards holding submit-scripts/. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("submit-scripts"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no submit-scripts/ above " + Path.of("").toAbsolutePath());
  }

  /**
   * The job jar the jobs module's package phase built, found by a glob ({@code
   * jobs/target/strata-jobs-*.jar}, neither the unshaded original nor a tests or sources jar), so a
   * version change cannot turn the tests that need it into skips. Fails when there is none: the
   * reactor builds it before this module.
   */
  static Path jobJar() {
    Path target = root().resolve("jobs/target");
    try (var files = Files.list(target)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().matches("strata-jobs-.+\\.jar"))
              .filter(p -> !p.getFileName().toString().matches(".*-(tests|sources|javadoc)\\.jar"))
              .toList();
      if (jars.size() != 1) {
        throw new AssertionError(
            "expected one job jar in " + target + ", found " + jars + jarHint());
      }
      return jars.get(0);
    } catch (IOException e) {
      throw new AssertionError("no " + target + jarHint(), e);
    }
  }

  private static String jarHint() {
    return "; build it with ./mvnw -B -q -pl jobs -am package -DskipTests";
  }

  static Path script(String name) {
    return root().resolve("submit-scripts").resolve(name);
  }

  /**
   * Runs {@code command} in {@code workDir}; {@code env} entries are set, or removed when the value
   * is null. Kills the process (by its own handle) when it outlives {@code timeout}.
   */
  static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
    try {
      Path log = Files.createTempFile("strata-script-", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(new ArrayList<>(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        env.forEach(
            (key, value) -> {
              if (value == null) {
                builder.environment().remove(key);
              } else {
                builder.environment().put(key, value);
              }
            });
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor();
          throw new AssertionError(
              "timed out after " + timeout + ": " + command + "\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result run(List<String> command, Map<String, String> env) {
    return run(command, env, root(), Duration.ofMinutes(2));
  }

  /** Whether an executable is on PATH. */
  static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
