package io.strata.model;

import java.util.List;

/**
 * A set of sources and models built together.
 *
 * <p>Register an implementation in {@code META-INF/services/io.strata.model.Project}, or name it
 * with the configuration key {@code strata.project.class}.
 */
public interface Project {
  String name();

  List<SourceSpec> sources();

  List<Model> models();

  /** Queries that select offending rows, run after each build; none by default. */
  default List<SingularTest> singularTests() {
    return List.of();
  }
}
