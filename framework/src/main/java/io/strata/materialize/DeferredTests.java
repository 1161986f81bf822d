package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.model.DataTest;
import io.strata.model.ModelSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Relationship tests and the model they reference, when this run builds both: checked before the
 * referenced model is rebuilt, they would count as orphans every row whose parent the run is about
 * to add.
 *
 * <ul>
 *   <li>A referenced model upstream of the one tested is built first anyway.
 *   <li>One independent of it is built first: the model tested waits for it ({@link #waitsFor},
 *       {@link #ordered}).
 *   <li>One built from the model tested (downstream of it) cannot come first: those tests are
 *       deferred, and run once both are published, against the two tables.
 * </ul>
 *
 * @param byModel the deferred tests of each model, by model name
 * @param waits the models each model waits for before it is built, by model name
 */
public record DeferredTests(Map<String, List<DataTest>> byModel, Map<String, List<String>> waits) {
  /** Nothing deferred. */
  public static final DeferredTests NONE = new DeferredTests(Map.of(), Map.of());

  public DeferredTests {
    byModel = Map.copyOf(requireNonNull(byModel, "byModel is null"));
    waits = Map.copyOf(requireNonNull(waits, "waits is null"));
  }

  /** The relationship tests of {@code selected} models that reference another selected model. */
  public static DeferredTests of(ProjectGraph graph, List<ModelSpec> selected) {
    Set<String> built = selected.stream().map(ModelSpec::name).collect(Collectors.toSet());
    Map<String, List<DataTest>> deferred = new LinkedHashMap<>();
    Map<String, List<String>> waits = new LinkedHashMap<>();
    for (ModelSpec spec : selected) {
      Set<String> upstream = graph.ancestors(spec.name());
      Set<String> downstream = graph.descendants(spec.name());
      for (DataTest test : spec.tests()) {
        String parent =
            test.kind() == DataTest.Kind.RELATIONSHIP ? referencedModel(test) : spec.name();
        if (!built.contains(parent) || parent.equals(spec.name()) || upstream.contains(parent)) {
          continue;
        }
        if (downstream.contains(parent)) {
          deferred.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(test);
        } else {
          waits.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(parent);
        }
      }
    }
    return new DeferredTests(deferred, waits);
  }

  /**
   * {@code selected} in build order, each model after those it waits for: the order it had, but for
   * models moved after an independent model their tests reference.
   */
  public List<ModelSpec> ordered(ProjectGraph graph, List<ModelSpec> selected) {
    if (waits.isEmpty()) {
      return selected;
    }
    List<ModelSpec> remaining = new ArrayList<>(selected);
    List<ModelSpec> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    Set<String> names = selected.stream().map(ModelSpec::name).collect(Collectors.toSet());
    while (!remaining.isEmpty()) {
      ModelSpec next =
          remaining.stream()
              .filter(s -> placed.containsAll(before(graph, s, names)))
              .findFirst()
              .orElse(remaining.get(0));
      remaining.remove(next);
      ordered.add(next);
      placed.add(next.name());
    }
    return ordered;
  }

  /** The models {@code spec} waits for before it is built, besides those it reads. */
  public List<String> waitsFor(ModelSpec spec) {
    return waits.getOrDefault(spec.name(), List.of());
  }

  private Set<String> before(ProjectGraph graph, ModelSpec spec, Set<String> names) {
    Set<String> before = new HashSet<>(graph.ancestors(spec.name()));
    before.addAll(waitsFor(spec));
    before.retainAll(names);
    return before;
  }

  /** The model a relationship test points into. */
  public static String referencedModel(DataTest relationship) {
    String reference = relationship.reference().orElseThrow();
    return reference.substring(0, reference.lastIndexOf('.'));
  }

  public boolean defers(ModelSpec spec, DataTest test) {
    return byModel.getOrDefault(spec.name(), List.of()).contains(test);
  }
}
