package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build in a session the platform already made (Databricks, a notebook): Strata cannot set its
 * log store there, so commits cannot be held; the build tests before it merges and leaves the same
 * marts as a clean run. It runs on the internal path with {@code -verbose:class}, which shows that
 * path loading classes that name Delta's internals (the check {@link PortableClassLoadingTest}
 * makes of the portable path).
 */
class ExistingSessionTest {
  @TempDir Path dir;

  @Test
  void aBuildInThePlatformsSessionTestsBeforeItMergesAndBuildsTheSameMarts() {
    Path warehouse = dir.resolve("warehouse");
    LocalDemo.copyDayOne(warehouse);
    LocalDemo.land(warehouse, 2);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect"))
        .forEach(command::add);
    command.addAll(
        List.of(
            Scripts.SHORT_RUN_JIT,
            "-verbose:class",
            "-Dlog4j2.configurationFile=" + Scripts.root().resolve("conf/log4j2.properties"),
            "-cp",
            System.getProperty("java.class.path"),
            ExistingSessionMain.class.getName(),
            warehouse.toString()));

    Scripts.Result result = Scripts.run(command, Map.of(), Scripts.root(), Duration.ofMinutes(4));

    assertThat(result.exitCode()).as(result.tail(40)).isZero();
    assertThat(result.output())
        .contains("internal path (strata.delta.internals = on")
        .contains("START incremental marts.fct_orders")
        .doesNotContain("tested while the MERGE wrote");
    assertThat(PortableClassLoadingTest.loaded(result.output()))
        .as("the internal path loads classes naming Delta's internals")
        .contains("io.strata.delta.internal.InternalDeltaAccess")
        .containsAnyElementsOf(PortableClassLoadingTest.namingInternals())
        .doesNotContain("io.strata.delta.internal.GatedLogStore");
    LocalDemo.assertSameMarts(warehouse, "platform's session");
  }
}
