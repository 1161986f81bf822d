package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.strata.architecture.MainClassesOnly;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build in a session the platform already made (Databricks, a notebook), in a JVM of its own that
 * logs the classes it loads. The demo's second day is built there on the portable path, which must
 * load no Strata class that names Delta's internals, as on Databricks, where such a class cannot
 * load; the marts must equal a clean run's. The same JVM then builds again (nothing new) on the
 * internal path, which loads such classes: the check can fail. Strata cannot set its log store in
 * that session, so neither path holds commits.
 */
class ExistingSessionTest {
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (io\\.strata\\.\\S+) ");

  @TempDir Path dir;

  @Test
  void thePortablePathInThePlatformsSessionLoadsNoClassNamingDeltaInternalsAndBuildsTheSameMarts()
      throws IOException {
    Path warehouse = dir.resolve("warehouse");
    LocalDemo.copyDayOne(warehouse);
    LocalDemo.land(warehouse, 2);
    Set<String> namingInternals = namingInternals();
    Path classLog = dir.resolve("classes.log");

    Scripts.Result result =
        Scripts.run(command(warehouse, classLog), Map.of(), Scripts.root(), Duration.ofMinutes(4));

    assertThat(result.exitCode()).as(result.tail(40)).isZero();
    assertThat(result.output())
        .contains("portable path (strata.delta.internals = off)")
        .contains("START incremental marts.fct_orders")
        .contains("internal path (strata.delta.internals = on")
        .doesNotContain("tested while the MERGE wrote");
    String[] builds =
        Files.readString(classLog)
            .split(Pattern.quote(" " + ExistingSessionMain.InternalPath.class.getName() + " "), 2);
    assertThat(builds).as("the class marking the second build's start").hasSize(2);
    assertThat(loaded(builds[0]))
        .as("the portable path")
        .contains("io.strata.delta.DeltaRuntime")
        .doesNotContainAnyElementsOf(namingInternals);
    assertThat(loaded(builds[1]))
        .as("the internal path loads classes naming Delta's internals")
        .contains("io.strata.delta.internal.InternalDeltaAccess")
        .containsAnyElementsOf(namingInternals)
        .doesNotContain("io.strata.delta.internal.GatedLogStore");
    LocalDemo.assertSameMarts(warehouse, "portable path in the platform's session");
  }

  private static List<String> command(Path warehouse, Path classLog) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect"))
        .forEach(command::add);
    command.addAll(
        List.of(
            Scripts.SHORT_RUN_JIT,
            "-Xlog:class+load=info:file=" + classLog,
            "-Dlog4j2.configurationFile=" + Scripts.root().resolve("conf/log4j2.properties"),
            "-cp",
            System.getProperty("java.class.path"),
            ExistingSessionMain.class.getName(),
            warehouse.toString()));
    return command;
  }

  /** Strata's main classes that name a class of Delta's internal package, all in the adapter. */
  private static Set<String> namingInternals() {
    Set<String> naming =
        new ClassFileImporter()
            .withImportOption(new MainClassesOnly()).importPackages("io.strata").stream()
                .filter(ExistingSessionTest::namesDeltaInternals)
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    assertThat(naming)
        .as("Strata classes naming Delta's internals")
        .isNotEmpty()
        .allMatch(name -> name.startsWith("io.strata.delta.internal."));
    return naming;
  }

  private static boolean namesDeltaInternals(JavaClass type) {
    return type.getDirectDependenciesFromSelf().stream()
        .anyMatch(
            d -> d.getTargetClass().getPackageName().startsWith("org.apache.spark.sql.delta"));
  }

  /** The Strata classes a JVM logged as loaded ({@code -Xlog:class+load}). */
  private static Set<String> loaded(String classLog) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = LOADED.matcher(classLog);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
