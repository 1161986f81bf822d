package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.strata.architecture.MainClassesOnly;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build on the portable path loads no Strata class that names Delta's internals, as on
 * Databricks, where such a class cannot load ({@link ExistingSessionTest} shows the internal path
 * loading them, so the check can fail). The build is the demo's second day, run by {@code
 * submit-scripts/strata} in a JVM of its own with {@code -verbose:class}.
 */
class PortableClassLoadingTest {
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (io\\.strata\\.\\S+) ");
  static Set<String> namingInternals;

  @TempDir Path dir;

  @BeforeAll
  static void classesNamingDeltaInternals() {
    namingInternals = namingInternals();
  }

  /** Strata's main classes that name a class of Delta's internal package, all in the adapter. */
  static Set<String> namingInternals() {
    Set<String> naming =
        new ClassFileImporter()
            .withImportOption(new MainClassesOnly()).importPackages("io.strata").stream()
                .filter(PortableClassLoadingTest::namesDeltaInternals)
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

  @Test
  void thePortablePathLoadsNoClassNamingDeltaInternalsAndBuildsTheSameMarts() {
    Path warehouse = dir.resolve("portable");
    String output = verboseBuild(warehouse, "off");

    assertThat(output).contains("portable path (strata.delta.internals = off)");
    assertThat(loaded(output))
        .contains("io.strata.delta.DeltaRuntime")
        .doesNotContainAnyElementsOf(namingInternals);
    LocalDemo.assertSameMarts(warehouse, "portable path");
  }

  /**
   * Builds the demo's second day over a copy of its first, in a JVM of its own that logs every
   * class it loads; returns what it printed.
   */
  private static String verboseBuild(Path warehouse, String internals) {
    LocalDemo.copyDayOne(warehouse);
    LocalDemo.land(warehouse, 2);
    Scripts.Result result =
        Scripts.run(
            List.of(
                Scripts.script("strata").toString(),
                "build",
                "--warehouse",
                warehouse.toString(),
                "--conf",
                "strata.delta.internals=" + internals),
            Map.of(
                "STRATA_JVM_OPTS", Scripts.SHORT_RUN_JIT + " -verbose:class", "STRATA_CDS", "off"),
            Scripts.root(),
            Duration.ofMinutes(4));
    assertThat(result.exitCode()).as(result.tail(40)).isZero();
    return result.output();
  }

  /** The Strata classes a {@code -verbose:class} JVM printed as loaded. */
  static Set<String> loaded(String verboseOutput) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = LOADED.matcher(verboseOutput);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
