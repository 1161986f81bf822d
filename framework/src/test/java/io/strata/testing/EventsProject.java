package io.strata.testing;

import io.strata.model.Model;
import io.strata.model.OnSchemaChange;
import io.strata.model.Project;
import io.strata.model.SourceSpec;
import java.util.List;

/** The events fixture as a project class the command line can load by name. */
public final class EventsProject implements Project {
  private final Project delegate = EventsFixture.project(OnSchemaChange.APPEND_NEW_COLUMNS, false);

  @Override
  public String name() {
    return "events";
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
