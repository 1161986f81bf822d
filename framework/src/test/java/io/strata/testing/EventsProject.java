package io.strata.testing;

import io.strata.model.OnSchemaChange;

/** The events fixture as a project class the command line can load by name. */
public final class EventsProject extends TestingProject {
  public EventsProject() {
    EventsFixture.addEvents(this, OnSchemaChange.APPEND_NEW_COLUMNS, false);
  }
}
