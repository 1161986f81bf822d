package io.strata.delta;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a Delta table is: a directory, or a name in the session catalog.
 *
 * @param path the table's directory, for a path table
 * @param catalogName the table's qualified name, for a catalog table
 */
public record DeltaTableRef(Optional<String> path, Optional<String> catalogName) {
  public DeltaTableRef {
    requireNonNull(path, "path is null");
    requireNonNull(catalogName, "catalogName is null");
    if (path.isPresent() == catalogName.isPresent()) {
      throw new IllegalArgumentException("a table has a path or a catalog name, not both");
    }
  }

  static DeltaTableRef atPath(String path) {
    return new DeltaTableRef(Optional.of(path), Optional.empty());
  }

  static DeltaTableRef named(String name) {
    return new DeltaTableRef(Optional.empty(), Optional.of(name));
  }
}
