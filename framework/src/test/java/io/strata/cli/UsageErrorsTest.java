package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.testing.Directories;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors get exit code 2, a message in the user's terms, and change nothing. */
class UsageErrorsTest {
  @TempDir Path dir;

  @TempDir static Path shared;

  /** The warehouse after one landing, built: made once, copied by each test. */
  private static Path template;

  private Outcome run(String... args) {
    return run(dir, args);
  }

  private static Outcome run(Path in, String... args) {
    return TestingCli.run(in, EventsProject.class, args);
  }

  private void landAndBuild() throws IOException {
    synchronized (UsageErrorsTest.class) {
      if (template == null) {
        TestingSpark.session();
        Path batch =
            EventsFixture.writeEvents(
                shared.resolve("batch.jsonl"),
                EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z"),
                EventsFixture.event("b1", 2, "2026-03-09T00:00:00Z"));
        assertThat(run(shared, "land", "raw.events=" + batch).exitCode()).isZero();
        assertThat(run(shared, "build").exitCode()).isZero();
        template = shared.resolve("warehouse");
      }
    }
    Directories.copy(template, dir.resolve("warehouse"));
  }

  @Test
  void queryRefusesEveryStatementThatWritesAndTheTablesStayAsTheyWere() throws IOException {
    landAndBuild();
    String before = run("query", "SELECT event_id, amount FROM marts.fct_events").out();
    assertThat(before).contains("a1", "b1");

    for (String sql :
        List.of(
            "DELETE FROM marts.fct_events WHERE event_id = 'a1'",
            "UPDATE marts.fct_events SET amount = 0",
            "INSERT INTO marts.fct_events SELECT * FROM marts.fct_events",
            "MERGE INTO marts.fct_events t USING marts.fct_events s ON t.event_id = s.event_id"
                + " WHEN MATCHED THEN DELETE",
            "DROP TABLE marts.fct_events",
            "CREATE TABLE copy AS SELECT * FROM marts.fct_events",
            "WITH x AS (SELECT 1) INSERT INTO marts.fct_events SELECT * FROM marts.fct_events")) {
      Outcome refused = run("query", sql);
      assertThat(refused.exitCode()).as(sql).isEqualTo(2);
      assertThat(refused.err()).as(sql).contains("strata query is read-only");
    }

    assertThat(run("query", "SELECT event_id, amount FROM marts.fct_events").out())
        .isEqualTo(before);
    assertThat(run("query", "SHOW TABLES").exitCode()).isZero();
  }

  @Test
  void aQueryThatDoesNotParseIsAUsageErrorWithSparksMessageAndNoInternalNames() throws IOException {
    landAndBuild();

    Outcome refused = run("query", "SELEC event_id FROM marts.fct_events");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("The query does not parse")
        .contains("SELEC")
        .doesNotContain("__strata");
  }

  @Test
  void aSparkSettingSparkRefusesIsAConfigurationErrorNamingIt() throws IOException {
    landAndBuild();

    Outcome refused = run("build", "--conf", "spark.sql.shuffle.partitions=abc");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("Spark refuses the value 'abc' of spark.sql.shuffle.partitions")
        .doesNotContain("Internal error");
  }

  @Test
  void aWarehouseThatDoesNotExistIsRefusedWithoutCreatingItExceptByLand() throws IOException {
    Path warehouse = dir.resolve("warehouse");

    Outcome build = run("build");

    assertThat(build.exitCode()).isEqualTo(2);
    assertThat(build.err()).contains("No warehouse at '" + warehouse + "'");
    assertThat(warehouse).doesNotExist();
    assertThat(run("freshness").exitCode()).isEqualTo(2);
    assertThat(warehouse).doesNotExist();

    Path batch = dir.resolve("batch.jsonl");
    Files.writeString(batch, EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z"));
    assertThat(run("land", "raw.events=" + batch).exitCode()).isZero();
    assertThat(warehouse.resolve("raw/events/_delta_log")).isDirectory();
  }
}
