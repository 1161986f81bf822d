package io.strata.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.graph.ProjectGraph;
import io.strata.materialize.BuildOutcome;
import io.strata.model.Column;
import io.strata.model.DataTest;
import io.strata.model.ModelSpec;
import io.strata.quality.FreshnessResult;
import io.strata.quality.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code run_results.json} (what a run did) and {@code manifest.json} (what the project is)
 * for Airflow, CI and people.
 *
 * <p>Each run's results go to a file of its own, {@code run_results/<run_id>.json}; {@code
 * run_results.json} is a copy of the latest, put in place by an atomic rename, as is {@code
 * manifest.json}: two runs writing at once never share a file, and a reader never sees half of one.
 */
public final class RunArtifacts {
  public static final String RUN_RESULTS = "run_results.json";
  public static final String MANIFEST = "manifest.json";

  /** The directory, under the target directory, of every run's own results. */
  public static final String RUNS = "run_results";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunArtifacts() {}

  /** Writes both files under {@code dir} for a run with a new id; returns the latest's path. */
  public static Path write(
      Path dir, ProjectGraph graph, RunResult run, List<String> arguments, Instant finishedAt) {
    return write(dir, graph, run, java.util.UUID.randomUUID().toString(), arguments, finishedAt);
  }

  /**
   * Writes the run's own {@code run_results/<runId>.json}, then replaces {@code run_results.json}
   * and {@code manifest.json} under {@code dir} by atomic renames; returns {@code
   * run_results.json}'s path.
   */
  public static Path write(
      Path dir,
      ProjectGraph graph,
      RunResult run,
      String runId,
      List<String> arguments,
      Instant finishedAt) {
    try {
      Files.createDirectories(dir.resolve(RUNS));
      byte[] results = JSON.writeValueAsBytes(runResults(run, runId, arguments, finishedAt));
      replace(dir.resolve(RUNS).resolve(runId + ".json"), results);
      replace(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest(graph)));
      Path latest = dir.resolve(RUN_RESULTS);
      replace(latest, results);
      return latest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write run artifacts under " + dir, e);
    }
  }

  /** Writes a file beside {@code target} and renames it onto {@code target} atomically. */
  private static void replace(Path target, byte[] content) throws IOException {
    Path temporary =
        target.resolveSibling("." + target.getFileName() + "." + java.util.UUID.randomUUID());
    try {
      Files.write(temporary, content);
      Files.move(
          temporary,
          target,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static ObjectNode runResults(
      RunResult run, String runId, List<String> arguments, Instant finishedAt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("finished_at", finishedAt.toString());
    root.put("elapsed_seconds", run.seconds());
    root.put("shuffle_partitions", run.shufflePartitions());
    root.put("success", run.succeeded());
    arguments.forEach(root.putArray("args")::add);
    ArrayNode freshness = root.putArray("freshness");
    for (FreshnessResult f : run.freshness()) {
      freshness
          .addObject()
          .put("source", f.source().toString())
          .put("status", lower(f.status()))
          .put("message", f.message());
    }
    ArrayNode singular = root.putArray("singular_tests");
    for (TestResult test : run.singularTests()) {
      singular
          .addObject()
          .put("test", test.test())
          .put("status", lower(test.status()))
          .put("failing_rows", test.failingRows())
          .put("reused", test.reused());
    }
    ArrayNode results = root.putArray("results");
    for (ModelResult model : run.models()) {
      ObjectNode node = results.addObject();
      node.put("model", model.model().table().toString());
      node.put("materialization", model.model().materialization().id());
      node.put("status", lower(model.status()));
      node.put("seconds", model.seconds());
      node.put("rows_affected", model.rows());
      BuildOutcome outcome = model.outcome().orElse(null);
      if (outcome != null) {
        node.put("action", lower(outcome.action()));
        outcome
            .versionBefore()
            .ifPresentOrElse(
                v -> node.put("version_before", v), () -> node.putNull("version_before"));
        outcome
            .versionAfter()
            .ifPresentOrElse(
                v -> node.put("version_after", v), () -> node.putNull("version_after"));
      } else {
        node.putNull("action");
        node.putNull("version_before");
        node.putNull("version_after");
      }
      node.put("message", model.message());
      ArrayNode tests = node.putArray("tests");
      for (TestResult test : model.tests()) {
        ObjectNode t = tests.addObject();
        t.put("test", test.test());
        t.put("status", lower(test.status()));
        t.put("failing_rows", test.failingRows());
        t.put("checked_rows", test.checkedRows());
        test.samples().forEach(t.putArray("samples")::add);
      }
    }
    return root;
  }

  static ObjectNode manifest(ProjectGraph graph) {
    ObjectNode root = JSON.createObjectNode();
    root.put("project", graph.project().name());
    ArrayNode sources = root.putArray("sources");
    graph
        .sources()
        .forEach(
            s -> {
              ObjectNode node = sources.addObject();
              node.put("table", s.table().toString());
              node.put("description", s.description());
              node.put("loaded_at", s.loadedAt());
              s.warnAfter().ifPresent(d -> node.put("warn_after", d.toString()));
              s.errorAfter().ifPresent(d -> node.put("error_after", d.toString()));
            });
    ArrayNode models = root.putArray("models");
    for (ModelSpec spec : graph.ordered()) {
      ObjectNode node = models.addObject();
      node.put("name", spec.name());
      node.put("table", spec.table().toString());
      node.put("layer", spec.layer().id());
      node.put("materialization", spec.materialization().id());
      node.put("description", spec.description());
      spec.refs().forEach(node.putArray("refs")::add);
      ArrayNode reads = node.putArray("sources");
      spec.sources().forEach(s -> reads.add(s.toString()));
      spec.tags().forEach(node.putArray("tags")::add);
      spec.partitionBy().forEach(node.putArray("partition_by")::add);
      ArrayNode columns = node.putArray("columns");
      for (Column column : spec.columns()) {
        columns.addObject().put("name", column.name()).put("description", column.description());
      }
      ArrayNode tests = node.putArray("tests");
      for (DataTest test : spec.tests()) {
        tests
            .addObject()
            .put("name", test.name())
            .put("kind", lower(test.kind()))
            .put("severity", test.errorAbove().isPresent() ? "error" : "warn");
      }
      spec.incremental()
          .ifPresent(
              inc -> {
                ObjectNode i = node.putObject("incremental");
                inc.uniqueKey().forEach(i.putArray("unique_key")::add);
                i.put("order_by", inc.orderBy());
                i.put("lookback", inc.lookback().toString());
                i.put("on_schema_change", lower(inc.onSchemaChange()));
              });
    }
    return root;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
