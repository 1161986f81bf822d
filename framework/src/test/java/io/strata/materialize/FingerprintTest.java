package io.strata.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.SqlModels;
import io.strata.testing.TestingProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint that decides whether a table's code changed. */
class FingerprintTest {
  @TempDir Path dir;

  private final TestingProject project =
      new TestingProject()
          .source("raw.events")
          .model(ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build());

  private List<Model> sqlModel(String query) throws IOException {
    Path file = dir.resolve("marts/dim_events.sql");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "/* strata { materialized = table } */\n" + query);
    return List.copyOf(SqlModels.load(project, Optional.of(dir)));
  }

  @Test
  void aSqlModelsQueryIsPartOfItsFingerprint() throws IOException {
    String before = Fingerprint.of(sqlModel("SELECT id FROM staging.stg_events"));
    String same = Fingerprint.of(sqlModel("SELECT id FROM staging.stg_events"));
    String after = Fingerprint.of(sqlModel("SELECT id FROM staging.stg_events WHERE id > 0"));

    assertThat(same).isEqualTo(before);
    assertThat(after).isNotEqualTo(before);
  }
}
