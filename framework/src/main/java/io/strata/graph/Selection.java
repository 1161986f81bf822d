package io.strata.graph;

import io.strata.error.Errors;
import io.strata.error.Suggestions;
import io.strata.model.ModelSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Resolves selectors against a graph: the union of the selectors, minus the excluded. */
public final class Selection {
  private Selection() {}

  /**
   * The selected models in build order. No selector selects every model; a selector that matches
   * nothing fails, suggesting the closest model names.
   */
  public static List<ModelSpec> resolve(
      ProjectGraph graph, List<String> selectors, List<String> excludes) {
    Set<String> selected = new LinkedHashSet<>();
    if (selectors.isEmpty()) {
      selected.addAll(graph.modelNames());
    }
    for (String selector : selectors) {
      selected.addAll(matches(graph, selector));
    }
    for (String exclude : excludes) {
      selected.removeAll(matches(graph, exclude));
    }
    return graph.ordered().stream().filter(spec -> selected.contains(spec.name())).toList();
  }

  private static Set<String> matches(ProjectGraph graph, String text) {
    Selector selector = Selector.parse(text);
    Set<String> result = new LinkedHashSet<>();
    if (selector instanceof Selector.ByName byName) {
      if (graph.findModel(byName.name()).isEmpty()) {
        throw Errors.unknownSelector(text, Suggestions.closest(byName.name(), graph.modelNames()));
      }
      result.add(byName.name());
      if (byName.ancestors()) {
        result.addAll(graph.ancestors(byName.name()));
      }
      if (byName.descendants()) {
        result.addAll(graph.descendants(byName.name()));
      }
    } else if (selector instanceof Selector.ByLayer byLayer) {
      graph.ordered().stream()
          .filter(s -> s.layer() == byLayer.layer())
          .forEach(s -> result.add(s.name()));
    } else if (selector instanceof Selector.ByTag byTag) {
      graph.ordered().stream()
          .filter(s -> s.tags().contains(byTag.tag()))
          .forEach(s -> result.add(s.name()));
      if (result.isEmpty()) {
        Set<String> tags = new java.util.TreeSet<>();
        graph.ordered().forEach(s -> tags.addAll(s.tags()));
        throw Errors.unknownSelector(
            text, Suggestions.closest(byTag.tag(), tags).stream().map(t -> "tag:" + t).toList());
      }
    }
    return result;
  }
}
