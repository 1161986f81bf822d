package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the driver JVM (SIGKILL) during the demo's second build: first between the moment {@code
 * marts.fct_orders}' MERGE has written its data files and its commit, then the build that recovers
 * from it at random moments. A killed build must leave its tables as they were or fully updated,
 * and the next build must converge to what a clean run builds ({@link LocalDemo}).
 *
 * <p>The random moments come from a seed printed with the results; {@code -Dstrata.kill.seed=N}
 * replays one.
 */
class DriverKillTest {
  private static final int RANDOM_POINTS = 1;
  private static final String FCT_ORDERS_STARTS = "START incremental marts.fct_orders";
  private static final long MAX_DELAY_MILLIS = 1_500;

  @TempDir Path dir;

  @Test
  void aBuildKilledAtRandomMomentsOrBeforeItsMergeCommitsConvergesToACleanRun() throws Exception {
    Scripts.jobJar();
    Path warehouse = dir.resolve("killed");
    LocalDemo.copyDayOne(warehouse);
    LocalDemo.land(warehouse, 2);
    Path fctOrders = warehouse.resolve("marts/fct_orders");
    long versionBefore = latestVersion(fctOrders);
    long filesBefore = dataFiles(fctOrders);

    Killed killed = killWhenMergeFilesAreWritten(warehouse, fctOrders, versionBefore, filesBefore);

    assertThat(killed.exitCode()).as(killed.describe()).isNotZero();
    assertThat(dataFiles(fctOrders)).as("the MERGE wrote files").isGreaterThan(filesBefore);
    assertThat(latestVersion(fctOrders)).as("and did not commit them").isEqualTo(versionBefore);

    long seed = Long.getLong("strata.kill.seed", new Random().nextLong());
    Random random = new Random(seed);
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < RANDOM_POINTS; i++) {
      int model = random.nextInt(LocalDemo.MODELS);
      long delay = (long) (random.nextDouble() * MAX_DELAY_MILLIS);
      Killed again = killAfterModelStarts(warehouse, model, delay);
      tried.add(String.format("model %d + %d ms: %s", model + 1, delay, again.describe()));
    }
    System.out.printf("DriverKillTest seed %d (-Dstrata.kill.seed to replay):%n", seed);
    tried.forEach(t -> System.out.println("  " + t));

    LocalDemo.build(warehouse);
    LocalDemo.assertSameMarts(warehouse, "DriverKillTest seed " + seed);
  }

  /** What a kill interrupted. */
  private record Killed(int exitCode, String lastLine) {
    String describe() {
      return exitCode == 0 ? "finished before the kill" : "killed after '" + lastLine + "'";
    }
  }

  /** Kills the build {@code delayMillis} after the {@code model}-th model (0-based) starts. */
  private Killed killAfterModelStarts(Path warehouse, int model, long delayMillis)
      throws IOException, InterruptedException {
    Process driver = launch(warehouse);
    String last = "";
    int started = 0;
    try (BufferedReader out = output(driver)) {
      String line;
      while ((line = out.readLine()) != null) {
        last = line;
        if (line.contains(" START ") && started++ == model) {
          if (!driver.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
            driver.destroyForcibly();
          }
          break;
        }
      }
    }
    return finished(driver, last);
  }

  /**
   * Kills the build once {@code fct_orders} holds more data files than before while its log has no
   * new version: the MERGE has written its files and not committed them.
   */
  private Killed killWhenMergeFilesAreWritten(
      Path warehouse, Path table, long versionBefore, long filesBefore)
      throws IOException, InterruptedException {
    Process driver = launch(warehouse);
    try (BufferedReader out = output(driver)) {
      String line;
      while ((line = out.readLine()) != null && !line.contains(FCT_ORDERS_STARTS)) {
        // reading up to the MERGE
      }
      assertThat(line).as("the build reached fct_orders").isNotNull();
      while (!driver.waitFor(5, TimeUnit.MILLISECONDS)) {
        if (latestVersion(table) != versionBefore) {
          throw new AssertionError("fct_orders committed before its new files were seen");
        }
        if (dataFiles(table) > filesBefore) {
          driver.destroyForcibly();
          break;
        }
      }
    }
    return finished(driver, FCT_ORDERS_STARTS);
  }

  private Process launch(Path warehouse) throws IOException {
    ProcessBuilder launch =
        new ProcessBuilder(
                Scripts.script("strata").toString(), "build", "--warehouse", warehouse.toString())
            .directory(dir.toFile())
            .redirectError(dir.resolve(warehouse.getFileName() + ".err").toFile());
    launch.environment().put("STRATA_JVM_OPTS", Scripts.SHORT_RUN_JIT);
    return launch.start();
  }

  private static BufferedReader output(Process driver) {
    return new BufferedReader(
        new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Killed finished(Process driver, String last) throws InterruptedException {
    assertThat(driver.waitFor(2, TimeUnit.MINUTES)).as("the driver ended").isTrue();
    return new Killed(driver.exitValue(), last);
  }

  private static long latestVersion(Path table) throws IOException {
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      return log.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
          .max()
          .orElse(-1);
    }
  }

  private static long dataFiles(Path table) {
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(p -> !p.toString().contains("_delta_log"))
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .count();
    } catch (IOException | UncheckedIOException e) {
      // A file the writer renames while we walk: count again on the next poll.
      return -1;
    }
  }
}
