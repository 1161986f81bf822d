package io.strata.cli;

import io.strata.config.CatalogKind;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.delta.DeltaRuntime;
import io.strata.delta.DeltaWarehouses;
import io.strata.error.Errors;
import io.strata.graph.Hygiene;
import io.strata.graph.ProjectGraph;
import io.strata.graph.Projects;
import io.strata.session.SparkSessions;
import io.strata.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/**
 * What a command works on: configuration and the checked project first (no Spark), the session only
 * when asked for.
 */
final class Workspace {
  private final StrataConfig config;
  private final ProjectGraph graph;
  private SparkSession spark;

  private Workspace(StrataConfig config, ProjectGraph graph) {
    this.config = config;
    this.graph = graph;
  }

  static Workspace open(CommonOptions options) {
    StrataConfig config = options.load();
    ProjectGraph graph =
        ProjectGraph.of(
            Projects.load(
                config.get(StrataKeys.PROJECT_CLASS), config.get(StrataKeys.PROJECT_SQL_DIR)));
    if (config.get(StrataKeys.REQUIRE_HYGIENE)) {
      Hygiene.check(graph);
    }
    return new Workspace(config, graph);
  }

  StrataConfig config() {
    return config;
  }

  ProjectGraph graph() {
    return graph;
  }

  /** The model a command names, else a usage error suggesting the closest names. */
  io.strata.model.Model model(String reference) {
    return graph
        .findByReference(reference)
        .orElseThrow(
            () ->
                Errors.unknownSelector(
                    reference, io.strata.error.Suggestions.closest(reference, graph.modelNames())));
  }

  synchronized SparkSession spark() {
    if (spark == null) {
      Level level = Level.toLevel(config.get(StrataKeys.LOG_LEVEL));
      Configurator.setRootLevel(level);
      spark = SparkSessions.getOrCreate(config);
      spark.sparkContext().setLogLevel(level.name());
    }
    return spark;
  }

  /**
   * The Delta path this workspace's commands take, decided before Spark starts; {@code
   * strata.delta.internals = on} where the internal path cannot run is a configuration error.
   */
  DeltaRuntime delta() {
    return DeltaRuntime.of(config);
  }

  /**
   * The warehouse, which must exist: every command but {@code land} works on one that data was
   * landed into. A missing local directory is a usage error (exit 2) before Spark starts, so that a
   * mistyped {@code --warehouse} creates nothing.
   */
  Warehouse warehouse() {
    requireWarehouse();
    return DeltaWarehouses.create(config);
  }

  /** The warehouse, created by the first landing where it does not exist yet. */
  Warehouse warehouseForLanding() {
    return DeltaWarehouses.create(config);
  }

  /** Refuses a path warehouse whose local directory does not exist; remote URIs are not checked. */
  void requireWarehouse() {
    if (config.get(StrataKeys.CATALOG_KIND) != CatalogKind.PATH) {
      return;
    }
    String dir = config.get(StrataKeys.WAREHOUSE_DIR);
    boolean remote = DeltaWarehouses.isUri(dir) && !dir.startsWith("file:");
    Path local = dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir);
    if (!remote && !Files.isDirectory(local)) {
      throw Errors.noWarehouse(local.toAbsolutePath().normalize().toString());
    }
  }
}
