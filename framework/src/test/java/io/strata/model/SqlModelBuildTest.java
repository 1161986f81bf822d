package io.strata.model;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingProject;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project mixing a Java model and SQL models, built by the command line. */
class SqlModelBuildTest {
  private static final TableName FCT = TableName.parse("marts.fct_events");

  /** raw.events and the Java model stg_events; the SQL models come from strata.project.sql-dir. */
  public static final class JavaPart extends TestingProject {
    public JavaPart() {
      source("raw.events")
          .model(
              ModelSpec.builder(Layer.STAGING, "stg_events")
                  .sources("raw.events")
                  .description("typed events")
                  .build(),
              EventsFixture::typedEvents);
    }
  }

  @TempDir Path dir;

  private Outcome strata(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", "strata.project.sql-dir=" + dir.resolve("models")));
    return TestingCli.run(dir, JavaPart.class, all.toArray(String[]::new));
  }

  private void model(String relative, String... lines) throws IOException {
    Path file = dir.resolve("models").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines));
  }

  private void land(String name, String... events) throws IOException {
    Path batch = dir.resolve(name);
    Files.write(batch, List.of(events));
    Outcome land = strata("land", "raw.events=" + batch);
    assertThat(land.exitCode()).as(land.out() + land.err()).isZero();
  }

  private void sqlModels() throws IOException {
    model(
        "intermediate/int_positive.sql",
        "/* strata { materialized = ephemeral, description = \"events with amounts >= 0\" } */",
        "SELECT * FROM staging.stg_events WHERE amount >= 0");
    model(
        "marts/fct_events.sql",
        "/* strata { materialized = incremental, unique_key = event_id, lookback = 0 } */",
        "WITH positive AS (SELECT * FROM intermediate.int_positive)",
        "SELECT event_id, grp, amount, updated_at, _loaded_at FROM positive");
  }

  @Test
  void sqlModelsBuildBesideJavaOnesAndMergeOnlyNewerRows() throws IOException {
    sqlModels();
    land(
        "day1.jsonl",
        event("a1", 1, "2026-03-09T00:00:00Z"),
        event("b1", 5, "2026-03-09T00:00:00Z"),
        event("c1", -2, "2026-03-09T00:00:00Z"));
    Outcome first = strata("run");
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();

    land(
        "day2.jsonl",
        event("a1", 7, "2026-03-10T00:00:00Z"),
        event("b1", 9, "2026-03-08T00:00:00Z"),
        event("d1", 4, "2026-03-10T00:00:00Z"));
    Outcome second = strata("run");

    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("OK    incremental marts.fct_events", "MERGE");
    Warehouse warehouse = DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
    assertThat(Tables.lines(warehouse.read(TestingSpark.session(), FCT), "event_id", "amount"))
        .containsExactly("a1|7", "b1|5", "d1|4");
    long published = warehouse.version(TestingSpark.session(), FCT).orElseThrow();

    model("intermediate/int_late.sql", "SELECT * FROM marts.fct_events");
    Outcome violation = strata("run");

    assertThat(violation.exitCode()).isEqualTo(3);
    assertThat(violation.err())
        .contains("Layer violation: intermediate model 'int_late' reads marts model 'fct_events'");
    assertThat(warehouse.version(TestingSpark.session(), FCT)).contains(published);
  }

  @Test
  void aCycleThroughSqlModelsFailsBeforeSparkStarts() throws IOException {
    model("intermediate/int_a.sql", "SELECT * FROM intermediate.int_b JOIN staging.stg_events");
    model("intermediate/int_b.sql", "SELECT * FROM intermediate.int_a");

    Outcome build = strata("run");

    assertThat(build.exitCode()).isEqualTo(3);
    assertThat(build.err()).contains("Dependency cycle: int_a -> int_b -> int_a");
    assertThat(dir.resolve("warehouse")).doesNotExist();
  }
}
