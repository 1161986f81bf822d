package io.strata.docs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.graph.ProjectGraph;
import io.strata.quality.FreshnessChecker;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * The project's documentation site: one self-contained {@code index.html} (page, style, script and
 * data inlined; nothing fetched when viewed) showing the DAG by layer and, for each model, its
 * spec, code, columns with types and lineage, tests with their last results, last builds and its
 * sources' freshness.
 */
public final class DocsSite {
  /** The site's directory under the target directory. */
  public static final String DIR = "docs";

  public static final String INDEX = "index.html";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DocsSite() {}

  /**
   * The site's data: the graph, table schemas, lineage from each transform's analysed plan, the
   * latest results under {@code targetDir}, the builds in {@code audit.run_history} and the
   * sources' freshness. Reads metadata and the audit tables; writes nothing.
   */
  public static ObjectNode data(
      SparkSession spark, Warehouse warehouse, ProjectGraph graph, Path targetDir, Clock clock) {
    requireNonNull(targetDir, "targetDir is null");
    Catalog catalog = Catalog.of(spark, warehouse, graph);
    SiteData data =
        new SiteData(
            graph,
            catalog,
            TestRecords.read(targetDir),
            BuildRecords.read(spark, warehouse),
            new FreshnessChecker(spark, warehouse, clock).check(graph.sources()));
    return data.json(clock.instant());
  }

  /** Writes {@code index.html} with the data inlined into {@code siteDir}; returns its path. */
  public static Path write(Path siteDir, ObjectNode data) {
    try {
      Files.createDirectories(siteDir);
      Path index = siteDir.resolve(INDEX);
      Files.writeString(index, page(data), StandardCharsets.UTF_8);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the docs site into " + siteDir, e);
    }
  }

  static String page(ObjectNode data) throws JsonProcessingException {
    String json = JSON.writeValueAsString(data).replace("</", "<\\/");
    return resource("site.html")
        .replace("/*STYLE*/", resource("site.css"))
        .replace("/*SCRIPT*/", resource("site.js"))
        .replace("/*DATA*/", json);
  }

  private static String resource(String name) {
    try (InputStream in = DocsSite.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the framework jar lacks io/strata/docs/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
