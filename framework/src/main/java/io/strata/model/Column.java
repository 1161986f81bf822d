package io.strata.model;

import static java.util.Objects.requireNonNull;

/** A documented output column of a model. */
public record Column(String name, String description) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
  }
}
