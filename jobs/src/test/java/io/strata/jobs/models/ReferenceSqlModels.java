package io.strata.jobs.models;

import io.strata.jobs.ReferenceProject;
import io.strata.model.SqlModel;
import io.strata.model.SqlModels;
import java.util.Optional;

/** The reference pipeline's SQL models, from models/ in the jobs' resources. */
final class ReferenceSqlModels {
  private ReferenceSqlModels() {}

  static SqlModel named(String name) {
    return SqlModels.load(new ReferenceProject(), Optional.empty()).stream()
        .filter(m -> m.spec().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no SQL model " + name));
  }
}
