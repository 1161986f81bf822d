package io.strata.testing;

import io.strata.model.Layer;
import io.strata.model.ModelSpec;

/** A project whose intermediate models read each other in a circle. */
public final class CyclicProject extends TestingProject {
  public CyclicProject() {
    source("raw.events")
        .model(ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build())
        .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_a").refs("stg_events", "int_b").build())
        .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_b").refs("int_a").build());
  }
}
