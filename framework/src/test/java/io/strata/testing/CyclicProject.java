package io.strata.testing;

import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.Project;
import io.strata.model.SourceSpec;
import java.util.List;

/** A project whose intermediate models read each other in a circle. */
public final class CyclicProject implements Project {
  private final TestingProject delegate =
      new TestingProject()
          .source("raw.events")
          .model(ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build())
          .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_a").refs("stg_events", "int_b").build())
          .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_b").refs("int_a").build());

  @Override
  public String name() {
    return "cyclic";
  }

  @Override
  public List<SourceSpec> sources() {
    return delegate.sources();
  }

  @Override
  public List<Model> models() {
    return delegate.models();
  }
}
