package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the driver JVM (SIGKILL) while it merges {@code marts.fct_orders}: the tables must be left
 * as they were or fully updated, and the next build must converge to what a clean run builds (the
 * demo's same two days in local mode, {@link LocalDemo}).
 */
class DriverKillTest {
  private static final String MERGE_STARTS = "START incremental marts.fct_orders";

  @TempDir Path dir;

  @Test
  void nextBuildAfterAKilledDriverEqualsACleanRun() throws Exception {
    Path root = Scripts.root();
    Assumptions.assumeTrue(
        Files.isRegularFile(root.resolve("jobs/target/strata-jobs-0.1.0-SNAPSHOT.jar")),
        "skipped: needs the job jar (./mvnw -B -q -pl jobs -am package -DskipTests)");
    Path killed = dir.resolve("killed");
    LocalDemo.copyDayOne(killed);
    LocalDemo.land(killed, 2);

    ProcessBuilder launch =
        new ProcessBuilder(
                Scripts.script("strata").toString(), "build", "--warehouse", killed.toString())
            .directory(dir.toFile())
            .redirectError(dir.resolve("driver.err").toFile());
    launch.environment().put("STRATA_JVM_OPTS", Scripts.SHORT_RUN_JIT);
    Process driver = launch.start();
    boolean seen = false;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.contains(MERGE_STARTS)) {
          seen = true;
          driver.destroyForcibly();
          break;
        }
      }
    }
    assertThat(driver.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(seen)
        .as("the driver reached the merge; stderr in %s", dir.resolve("driver.err"))
        .isTrue();
    assertThat(driver.exitValue()).isNotZero();

    LocalDemo.build(killed);

    LocalDemo.assertSameMarts(killed, "DriverKillTest");
  }
}
