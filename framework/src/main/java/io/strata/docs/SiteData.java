package io.strata.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.graph.ProjectGraph;
import io.strata.model.Column;
import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.SourceSpec;
import io.strata.model.TableName;
import io.strata.quality.FreshnessResult;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The site's data as one JSON document: the project, and what is known of each model. */
final class SiteData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProjectGraph graph;
  private final Catalog catalog;
  private final TestRecords tests;
  private final BuildRecords builds;
  private final Map<TableName, FreshnessResult> freshness;

  SiteData(
      ProjectGraph graph,
      Catalog catalog,
      TestRecords tests,
      BuildRecords builds,
      Collection<FreshnessResult> freshness) {
    this.graph = graph;
    this.catalog = catalog;
    this.tests = tests;
    this.builds = builds;
    this.freshness =
        freshness.stream().collect(Collectors.toMap(FreshnessResult::source, Function.identity()));
  }

  ObjectNode json(Instant generatedAt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("project", graph.project().name());
    root.put("generated_at", generatedAt.toString());
    ArrayNode layers = root.putArray("layers");
    for (Layer layer : Layer.values()) {
      if (layer != Layer.AUDIT) {
        layers.add(layer.id());
      }
    }
    ArrayNode sources = root.putArray("sources");
    graph.sources().forEach(s -> source(sources.addObject(), s));
    ArrayNode models = root.putArray("models");
    graph.ordered().forEach(spec -> model(models.addObject(), graph.model(spec.name())));
    return root;
  }

  private void source(ObjectNode node, SourceSpec source) {
    node.put("name", source.table().toString());
    node.put("layer", Layer.RAW.id());
    node.put("description", source.description());
    node.put("loaded_at", source.loadedAt());
    ArrayNode columns = node.putArray("columns");
    catalog
        .source(source.table())
        .ifPresent(
            schema -> {
              for (var field : schema.fields()) {
                columns
                    .addObject()
                    .put("name", field.name())
                    .put("type", field.dataType().simpleString());
              }
            });
    freshness(node, source);
  }

  private void freshness(ObjectNode node, SourceSpec source) {
    FreshnessResult result = freshness.get(source.table());
    ObjectNode fresh = node.putObject("freshness");
    source.warnAfter().ifPresent(d -> fresh.put("warn_after", d.toString()));
    source.errorAfter().ifPresent(d -> fresh.put("error_after", d.toString()));
    if (result != null) {
      fresh.put("status", lower(result.status()));
      fresh.put("message", result.message());
      result.latestLanding().ifPresent(t -> fresh.put("latest", t.toString()));
    }
  }

  private void model(ObjectNode node, Model model) {
    ModelSpec spec = model.spec();
    node.put("name", spec.name());
    node.put("table", spec.table().toString());
    node.put("layer", spec.layer().id());
    node.put("materialization", spec.materialization().id());
    node.put("description", spec.description());
    spec.uniqueKey().forEach(node.putArray("unique_key")::add);
    spec.partitionBy().forEach(node.putArray("partition_by")::add);
    spec.tags().forEach(node.putArray("tags")::add);
    ModelCode code = ModelCode.of(model);
    node.putObject("code").put("language", code.language()).put("text", code.text());
    spec.refs().forEach(node.putArray("refs")::add);
    ArrayNode sources = node.putArray("sources");
    spec.sources().forEach(s -> sources.add(s.toString()));
    graph.readersOf(spec.name()).forEach(node.putArray("readers")::add);
    rawSources(spec).forEach(node.putArray("raw_sources")::add);
    columns(node, spec);
    tests(node, spec);
    builds(node, spec);
  }

  private void columns(ObjectNode node, ModelSpec spec) {
    ModelColumns columns = catalog.model(spec.name());
    Map<String, String> described =
        spec.columns().stream().collect(Collectors.toMap(Column::name, Column::description));
    ObjectNode lineage = node.putObject("lineage");
    lineage.put("types_from", columns.typesFrom());
    columns.problem().ifPresent(p -> lineage.put("problem", p));
    ArrayNode out = node.putArray("columns");
    for (ColumnInfo column : columns.columns()) {
      ObjectNode c = out.addObject();
      c.put("name", column.name());
      column.type().ifPresent(t -> c.put("type", t));
      c.put("description", described.getOrDefault(column.name(), ""));
      c.put("origin", column.origin());
      column.lineage().ifPresent(from -> from.forEach(c.putArray("from")::add));
    }
  }

  private void tests(ObjectNode node, ModelSpec spec) {
    String table = spec.table().toString();
    tests
        .latest(table)
        .ifPresent(
            run ->
                node.putObject("last_run")
                    .put("status", run.path("status").asText())
                    .put("finished_at", run.path("finished_at").asText())
                    .put("message", run.path("message").asText()));
    Map<String, JsonNode> results = tests.tests(table);
    ArrayNode out = node.putArray("tests");
    Set<String> declared = new LinkedHashSet<>();
    for (DataTest test : spec.tests()) {
      declared.add(test.name());
      ObjectNode t = out.addObject();
      t.put("name", test.name());
      t.put("kind", lower(test.kind()));
      t.put("severity", test.errorAbove().isPresent() ? "error" : "warn");
      Optional.ofNullable(results.get(test.name())).ifPresent(r -> status(t, r));
    }
    results.forEach(
        (name, result) -> {
          if (!declared.contains(name)) {
            status(out.addObject().put("name", name).put("kind", "engine"), result);
          }
        });
  }

  private static void status(ObjectNode test, JsonNode result) {
    test.put("status", result.path("status").asText());
    test.put("failing_rows", result.path("failing_rows").asLong());
    test.put("checked_rows", result.path("checked_rows").asLong());
    test.put("reused", result.path("reused").asBoolean(false));
    test.put("finished_at", result.path("finished_at").asText());
  }

  private void builds(ObjectNode node, ModelSpec spec) {
    ArrayNode out = node.putArray("builds");
    for (BuildRecords.Build build : builds.of(spec.table().toString())) {
      ObjectNode b = out.addObject();
      b.put("finished_at", build.finishedAt());
      b.put("status", build.status());
      b.put("action", build.action());
      b.put("rows", build.rows());
      if (build.versionAfter() != null) {
        b.put("version", build.versionAfter());
      }
      b.put("seconds", build.seconds());
      b.put("message", build.message());
    }
  }

  /** The raw sources the model reads, directly or through the models it reads. */
  private List<String> rawSources(ModelSpec spec) {
    Set<String> all = new LinkedHashSet<>();
    spec.sources().forEach(s -> all.add(s.toString()));
    for (String ancestor : graph.ancestors(spec.name())) {
      graph.model(ancestor).spec().sources().forEach(s -> all.add(s.toString()));
    }
    return List.copyOf(all);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
