package io.strata.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture the packages promise, checked on the framework's and the jobs' main classes:
 * Delta's internals only in the adapter's internal part, Delta only in the adapter, layers that
 * depend downwards, and no package cycles.
 */
@AnalyzeClasses(packages = "io.strata", importOptions = MainClassesOnly.class)
class ArchitectureTest {
  /** Delta's implementation package: absent on Databricks, unstable across Delta versions. */
  static final String DELTA_INTERNALS = "org.apache.spark.sql.delta..";

  @ArchTest
  static final ArchRule deltaInternalsOnlyInTheAdaptersInternalPart =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.strata.delta.internal..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(DELTA_INTERNALS)
          .because(
              "only io.strata.delta.internal may name Delta's internals, so that the portable"
                  + " path loads none of them");

  @ArchTest
  static final ArchRule deltaOnlyInTheAdapter =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.strata.model..",
              "io.strata.graph..",
              "io.strata.config..",
              "io.strata.run..",
              "io.strata.cli..",
              "io.strata.materialize..",
              "io.strata.quality..",
              "io.strata.land..",
              "io.strata.warehouse..",
              "io.strata.session..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.delta..", DELTA_INTERNALS)
          .because("the rest of Strata talks to Delta through the Warehouse port");

  @ArchTest
  static final ArchRule theAdapterReachesItsInternalPartByNameOnly =
      noClasses()
          .that()
          .resideInAPackage("io.strata.delta")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.strata.delta.internal..")
          .because("DeltaRuntime loads the internal part by name, on the internal path only");

  /**
   * No cycles between the top-level packages (the job jar's {@code jobs..} is one: its main class
   * registers the benchmark's command, which runs the reference project).
   */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.strata.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layersDependDownwards =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("io.strata..")
          .layer("cli")
          .definedBy("io.strata.cli..")
          .layer("docs")
          .definedBy("io.strata.docs..")
          .layer("run")
          .definedBy("io.strata.run..")
          .layer("land")
          .definedBy("io.strata.land..")
          .layer("session")
          .definedBy("io.strata.session..")
          .layer("materialize")
          .definedBy("io.strata.materialize..")
          .layer("quality")
          .definedBy("io.strata.quality..")
          .layer("delta")
          .definedBy("io.strata.delta..")
          .layer("warehouse")
          .definedBy("io.strata.warehouse..")
          .layer("graph")
          .definedBy("io.strata.graph..")
          .layer("config")
          .definedBy("io.strata.config..")
          .layer("model")
          .definedBy("io.strata.model..")
          .layer("error")
          .definedBy("io.strata.error..")
          .layer("jobs")
          .definedBy("io.strata.jobs..")
          .whereLayer("jobs")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("cli")
          .mayOnlyBeAccessedByLayers("jobs")
          .whereLayer("docs")
          .mayOnlyBeAccessedByLayers("cli", "jobs")
          .whereLayer("run")
          .mayOnlyBeAccessedByLayers("cli", "docs", "jobs")
          .whereLayer("land")
          .mayOnlyBeAccessedByLayers("cli", "jobs")
          .whereLayer("session")
          .mayOnlyBeAccessedByLayers("cli", "run", "jobs")
          .whereLayer("materialize")
          .mayOnlyBeAccessedByLayers("cli", "docs", "run", "jobs")
          .whereLayer("quality")
          .mayOnlyBeAccessedByLayers("materialize", "cli", "docs", "run", "jobs")
          .whereLayer("delta")
          .mayOnlyBeAccessedByLayers("session", "cli", "jobs")
          .whereLayer("warehouse")
          .mayOnlyBeAccessedByLayers(
              "delta", "quality", "materialize", "land", "run", "docs", "cli", "jobs")
          .whereLayer("graph")
          .mayOnlyBeAccessedByLayers("materialize", "run", "docs", "cli", "jobs")
          .whereLayer("config")
          .mayOnlyBeAccessedByLayers("delta", "session", "run", "cli", "jobs")
          .because(
              "a package depends only on those below it: the warehouse port knows no Delta, the"
                  + " model, the graph and the configuration know no warehouse");
}
