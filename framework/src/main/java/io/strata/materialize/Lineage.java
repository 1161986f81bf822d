package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model's rows are computed from: the models run in its place (itself and the views and
 * ephemerals it reads), the raw sources those read, and the persisted models it reads.
 */
record Lineage(List<Model> computed, Set<TableName> sources, Set<ModelSpec> upstream) {
  Lineage {
    computed = List.copyOf(requireNonNull(computed, "computed is null"));
    sources = requireNonNull(sources, "sources is null");
    upstream = requireNonNull(upstream, "upstream is null");
  }

  static Lineage of(ProjectGraph graph, ModelSpec spec) {
    List<Model> computed = new ArrayList<>();
    Set<TableName> sources = new LinkedHashSet<>();
    Set<ModelSpec> upstream = new LinkedHashSet<>();
    collect(graph, spec.name(), computed, sources, upstream, new LinkedHashMap<>());
    return new Lineage(computed, sources, upstream);
  }

  private static void collect(
      ProjectGraph graph,
      String name,
      List<Model> computed,
      Set<TableName> sources,
      Set<ModelSpec> upstream,
      Map<String, Boolean> seen) {
    if (seen.put(name, true) != null) {
      return;
    }
    Model model = graph.model(name);
    computed.add(model);
    sources.addAll(model.spec().sources());
    for (String ref : model.spec().refs()) {
      ModelSpec input = graph.model(ref).spec();
      if (input.materialization().isPersisted()) {
        upstream.add(input);
      } else {
        collect(graph, ref, computed, sources, upstream, seen);
      }
    }
  }
}
