package io.strata.graph;

import io.strata.error.Errors;
import io.strata.error.Suggestions;
import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.Materialization;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.model.SourceSpec;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules each model's spec must follow, checked one model at a time. */
final class GraphRules {
  private final Map<String, Model> models;
  private final Map<TableName, SourceSpec> sources;

  GraphRules(Map<String, Model> models, Map<TableName, SourceSpec> sources) {
    this.models = models;
    this.sources = sources;
  }

  void check(ModelSpec spec) {
    checkName(spec);
    checkSources(spec);
    checkRefs(spec);
    checkQuarantine(spec);
    spec.snapshot().ifPresent(snapshot -> checkSnapshot(spec, snapshot));
    spec.incremental()
        .ifPresent(
            inc -> {
              if (spec.refs().isEmpty() && spec.sources().isEmpty()) {
                throw Errors.invalidModel(
                    spec.name(),
                    "an incremental model reads nothing",
                    "Declare the refs or sources it merges from.");
              }
            });
  }

  private static void checkSnapshot(ModelSpec spec, SnapshotSpec snapshot) {
    if (snapshot.uniqueKey().isEmpty()) {
      throw Errors.invalidModel(
          spec.name(),
          "a snapshot keeps the history of each key, and it declares no unique key",
          "Declare it: SnapshotSpec.uniqueKey(\"customer_id\").timestamp(\"updated_at\").");
    }
    if (spec.refs().isEmpty() && spec.sources().isEmpty()) {
      throw Errors.invalidModel(
          spec.name(), "a snapshot reads nothing", "Declare the refs or sources it keeps.");
    }
    List<String> declared = spec.columns().stream().map(c -> c.name()).toList();
    if (declared.isEmpty()) {
      return;
    }
    for (String column : snapshot.requiredColumns()) {
      if (!declared.contains(column)) {
        throw Errors.invalidModel(
            spec.name(),
            "its snapshot names the column '"
                + column
                + "', which is not among its columns "
                + declared,
            "Name one of its columns in SnapshotSpec, or declare the column.");
      }
    }
  }

  private static void checkQuarantine(ModelSpec spec) {
    if (spec.materialization() == Materialization.EPHEMERAL
        && spec.tests().stream().anyMatch(DataTest::quarantines)) {
      throw Errors.invalidModel(
          spec.name(),
          "an ephemeral model has no build of its own to record the rows its quarantine holds"
              + " back",
          "Make it a view, a table or an incremental model, or drop .quarantine() from its tests.");
    }
  }

  private void checkName(ModelSpec spec) {
    Layer layer = spec.layer();
    if (layer == Layer.RAW) {
      throw Errors.invalidModel(
          spec.name(),
          "models cannot live in the raw layer, which holds data as landed",
          "Declare raw tables as sources and put the model in staging.");
    }
    if (layer == Layer.AUDIT) {
      throw Errors.invalidModel(
          spec.name(),
          "models cannot live in the audit layer, which holds Strata's test failures and run"
              + " history",
          "Put the model in staging, intermediate or marts.");
    }
    if (layer.prefixes().stream().noneMatch(p -> spec.name().startsWith(p))) {
      throw Errors.invalidModel(
          spec.name(),
          "a " + layer + " model's name must start with " + String.join(" or ", layer.prefixes()),
          "Rename it, for example to " + layer.prefixes().get(0) + stripPrefix(spec.name()) + ".");
    }
  }

  private void checkSources(ModelSpec spec) {
    for (TableName source : spec.sources()) {
      if (!sources.containsKey(source)) {
        throw Errors.unknownRef(
            spec.name(),
            source.toString(),
            Suggestions.closest(
                source.toString(), sources.keySet().stream().map(TableName::toString).toList()));
      }
    }
    if (spec.layer() == Layer.STAGING) {
      if (spec.sources().size() != 1 || !spec.refs().isEmpty()) {
        throw Errors.invalidModel(
            spec.name(),
            "a staging model reads exactly one raw source and no models, but it declares sources "
                + spec.sources()
                + " and refs "
                + spec.refs(),
            "Read one raw source here and do joins in an intermediate model.");
      }
    } else if (!spec.sources().isEmpty()) {
      TableName source = spec.sources().get(0);
      throw Errors.layerViolation(
          spec.name(),
          spec.layer().id(),
          source.toString(),
          "raw source",
          "Only staging models read raw sources.");
    }
  }

  private void checkRefs(ModelSpec spec) {
    List<String> seen = new ArrayList<>();
    for (String ref : spec.refs()) {
      Model input = models.get(ref);
      if (input == null) {
        throw Errors.unknownRef(spec.name(), ref, Suggestions.closest(ref, models.keySet()));
      }
      if (seen.contains(ref)) {
        throw Errors.invalidModel(
            spec.name(), "it declares ref '" + ref + "' twice", "Declare each input once.");
      }
      seen.add(ref);
      Layer inputLayer = input.spec().layer();
      boolean sameLayerAllowed = inputLayer == spec.layer() && spec.layer() != Layer.STAGING;
      if (!inputLayer.isUpstreamOf(spec.layer()) && !sameLayerAllowed) {
        throw Errors.layerViolation(
            spec.name(),
            spec.layer().id(),
            ref,
            inputLayer.id() + " model",
            "A model reads only from layers upstream of its own (raw -> staging -> intermediate"
                + " -> marts).");
      }
    }
  }

  private static String stripPrefix(String name) {
    int underscore = name.indexOf('_');
    return underscore > 0 && underscore < 4 ? name.substring(underscore + 1) : name;
  }
}
