package io.strata.graph;

import io.strata.error.Errors;
import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import java.util.List;
import java.util.Optional;

/**
 * Documentation and key rules for a project whose tables others consume: every model has a
 * description, every mart documents its columns, and every mart tests its primary key with {@code
 * unique} and {@code not_null}.
 */
public final class Hygiene {
  private Hygiene() {}

  /** Fails with the first model that breaks a rule, naming what is missing. */
  public static void check(ProjectGraph graph) {
    for (ModelSpec spec : graph.ordered()) {
      if (spec.description().isBlank()) {
        throw Errors.invalidModel(
            spec.name(), "it has no description", "Add .description(\"...\") to its spec.");
      }
      if (spec.layer() == Layer.MARTS) {
        checkMart(spec);
      }
    }
  }

  private static void checkMart(ModelSpec spec) {
    if (spec.columns().isEmpty()) {
      throw Errors.invalidModel(
          spec.name(),
          "a mart documents every column, but it declares none",
          "Add .column(name, description) for each output column.");
    }
    spec.columns().stream()
        .filter(c -> c.description().isBlank())
        .findFirst()
        .ifPresent(
            c -> {
              throw Errors.invalidModel(
                  spec.name(),
                  "column '" + c.name() + "' has no description",
                  "Describe it in .column(\"" + c.name() + "\", \"...\").");
            });
    Optional<DataTest> unique =
        spec.tests().stream().filter(t -> t.kind() == DataTest.Kind.UNIQUE).findFirst();
    if (unique.isEmpty()) {
      throw Errors.invalidModel(
          spec.name(),
          "a mart tests its primary key, but it has no unique test",
          "Add .test(DataTest.unique(\"<key>\"), DataTest.notNull(\"<key>\")).");
    }
    List<String> key = unique.get().columns();
    for (String column : key) {
      boolean notNull =
          spec.tests().stream()
              .anyMatch(t -> t.kind() == DataTest.Kind.NOT_NULL && t.columns().contains(column));
      if (!notNull) {
        throw Errors.invalidModel(
            spec.name(),
            "primary key column '" + column + "' has a unique test but no not_null test",
            "Add .test(DataTest.notNull(\"" + column + "\")).");
      }
    }
  }
}
