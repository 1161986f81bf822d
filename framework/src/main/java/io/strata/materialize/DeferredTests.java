package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.model.DataTest;
import io.strata.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Relationship tests that wait for the model they reference: one this run also builds, and not
 * before the model tested (it is not upstream of it). Checked before the referenced model is
 * rebuilt, they would count as orphans every row whose parent the run is about to add; so they run
 * once both are published, against the two tables.
 *
 * @param byModel the deferred tests of each model, by model name
 */
public record DeferredTests(Map<String, List<DataTest>> byModel) {
  /** Nothing deferred. */
  public static final DeferredTests NONE = new DeferredTests(Map.of());

  public DeferredTests {
    byModel = Map.copyOf(requireNonNull(byModel, "byModel is null"));
  }

  /** The relationship tests of {@code selected} models that reference another selected model. */
  public static DeferredTests of(ProjectGraph graph, List<ModelSpec> selected) {
    Set<String> built = selected.stream().map(ModelSpec::name).collect(Collectors.toSet());
    Map<String, List<DataTest>> deferred = new LinkedHashMap<>();
    for (ModelSpec spec : selected) {
      Set<String> upstream = graph.ancestors(spec.name());
      List<DataTest> waiting =
          spec.tests().stream()
              .filter(t -> t.kind() == DataTest.Kind.RELATIONSHIP)
              .filter(
                  t -> {
                    String parent = referencedModel(t);
                    return built.contains(parent)
                        && !parent.equals(spec.name())
                        && !upstream.contains(parent);
                  })
              .toList();
      if (!waiting.isEmpty()) {
        deferred.put(spec.name(), waiting);
      }
    }
    return new DeferredTests(deferred);
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
