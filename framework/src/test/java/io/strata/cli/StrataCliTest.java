package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.delta.DeltaWarehouses;
import io.strata.testing.CyclicProject;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrataCliTest {
  @TempDir Path dir;

  private Outcome run(Class<?> project, String... args) {
    return TestingCli.run(dir, project, args);
  }

  @Test
  void listsModelsWithoutSpark() {
    Outcome ls = run(EventsProject.class, "ls", "+dim_groups");

    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out())
        .contains("staging.stg_events", "view", "raw.events")
        .contains("marts.fct_events", "incremental", "staging.stg_events")
        .contains("marts.dim_groups", "table");
  }

  @Test
  void unknownSelectorExitsWithUsageCode() {
    Outcome ls = run(EventsProject.class, "ls", "fct_event");

    assertThat(ls.exitCode()).isEqualTo(2);
    assertThat(ls.err()).contains("Selector 'fct_event' matches no model", "fct_events");
  }

  @Test
  void hygieneIsCheckedBeforeSparkWhenRequired() {
    Outcome ls = run(EventsProject.class, "ls", "--conf", "strata.project.require-hygiene=true");

    assertThat(ls.exitCode()).isEqualTo(3);
    assertThat(ls.err())
        .contains(
            "Model 'fct_events' is invalid: a mart documents every column, but it declares none");
  }

  @Test
  void cycleExitsWithProjectCodeAndPath() {
    Outcome ls = run(CyclicProject.class, "ls");

    assertThat(ls.exitCode()).isEqualTo(3);
    assertThat(ls.err()).contains("Dependency cycle: int_a -> int_b -> int_a");
  }

  @Test
  void unknownConfigKeyExitsWithConfigCode() {
    Outcome config = run(EventsProject.class, "config", "--conf", "strata.spark.shufle=3");

    assertThat(config.exitCode()).isEqualTo(2);
    assertThat(config.err()).contains("Unknown configuration key 'strata.spark.shufle'", "--conf");
  }

  @Test
  void configShowPrintsValuesWithOrigins() {
    Outcome config = run(EventsProject.class, "config", "--show");

    assertThat(config.exitCode()).isZero();
    assertThat(config.out())
        .contains("strata.spark.master = local[*]  # ")
        .contains("local.conf")
        .contains("strata.spark.broadcast-threshold = 52428800")
        .contains("# spark.sql.session.timeZone = UTC");
  }

  @Test
  void malformedLineFailsTheWholeLandingWithFileAndLine() throws IOException {
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z") + "\n");
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(
        bad,
        EventsFixture.event("a2", 2, "2026-03-09T00:00:00Z")
            + "\n\n{\"id\": \"a3\", \"amount\": }\n");

    Outcome land = run(EventsProject.class, "land", "raw.events=" + good, "raw.events=" + bad);

    assertThat(land.exitCode()).isEqualTo(4);
    assertThat(land.err()).contains("Malformed record in '" + bad + "' at line 3", "--bad-records");
    assertThat(
            DeltaWarehouses.atPath(dir.resolve("warehouse").toString()).exists(EventsFixture.RAW))
        .isFalse();
  }

  @Test
  void badRecordsAreSetAsideWhenAsked() throws IOException {
    TestingSpark.session();
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, EventsFixture.event("a2", 2, "2026-03-09T00:00:00Z") + "\nnot json\n");

    Outcome land =
        run(
            EventsProject.class,
            "land",
            "raw.events=" + bad,
            "--bad-records",
            dir.resolve("bad").toString());

    assertThat(land.exitCode()).isZero();
    assertThat(land.out()).contains("Landed 1 rows into raw.events", "1 bad records set aside");
    assertThat(Files.readString(dir.resolve("bad/raw.events/bad.jsonl.bad.jsonl")))
        .contains("\"line\":2", "not json");
  }

  @Test
  void buildPrintsProgressAndQueryPrintsOnlyResults() throws IOException {
    TestingSpark.session();
    Path batch =
        EventsFixture.writeEvents(
            dir.resolve("batch.jsonl"),
            EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z"),
            EventsFixture.event("b1", 2, "2026-03-09T00:00:00Z"));
    assertThat(run(EventsProject.class, "land", "raw.events=" + batch).exitCode()).isZero();

    Path target = dir.resolve("target");
    Outcome build = run(EventsProject.class, "build", "--target-dir", target.toString());

    assertThat(build.exitCode()).as(build.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(target.resolve("run_results.json").toFile());
    assertThat(results.get("success").asBoolean()).isTrue();
    assertThat(results.get("elapsed_seconds").asDouble()).isPositive();
    assertThat(results.get("args").toString()).contains("build", "--target-dir");
    JsonNode fct = results.get("results").get(1);
    assertThat(fct.get("model").asText()).isEqualTo("marts.fct_events");
    assertThat(fct.get("status").asText()).isEqualTo("success");
    assertThat(fct.get("rows_affected").asLong()).isEqualTo(2);
    assertThat(fct.get("version_before").isNull()).isTrue();
    assertThat(fct.get("version_after").asLong()).isZero();
    assertThat(fct.get("message").asText()).isEqualTo("created");
    JsonNode manifest = new ObjectMapper().readTree(target.resolve("manifest.json").toFile());
    JsonNode fctSpec = manifest.get("models").get(1);
    assertThat(fctSpec.get("materialization").asText()).isEqualTo("incremental");
    assertThat(fctSpec.get("refs").get(0).asText()).isEqualTo("stg_events");
    assertThat(fctSpec.get("incremental").get("unique_key").get(0).asText()).isEqualTo("event_id");
    assertThat(fctSpec.get("description").asText()).isEqualTo("latest version of each event");
    assertThat(build.out())
        .contains("1 of 3 START view staging.stg_events")
        .contains("2 of 3 OK    incremental marts.fct_events")
        .contains("WRITE 2 rows")
        .contains("PASS=3 ERROR=0 SKIP=0 TOTAL=3");

    Path resultsFile = target.resolve("run_results.json");
    Files.writeString(
        resultsFile,
        Files.readString(resultsFile)
            .replaceFirst(
                "(\"model\" : \"marts.dim_groups\",\\s*\"materialization\" : \"table\",\\s*\"status\" : )\"success\"",
                "$1\"error\""));
    Outcome retry = run(EventsProject.class, "retry", "--target-dir", target.toString());
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out())
        .contains("Retrying marts.dim_groups")
        .contains("1 of 1 OK    table marts.dim_groups")
        .doesNotContain("fct_events");

    Outcome query =
        run(
            EventsProject.class,
            "query",
            "SELECT grp, amount FROM marts.dim_groups ORDER BY grp",
            "--format",
            "csv");
    assertThat(query.exitCode()).as(query.err()).isZero();
    assertThat(query.out()).isEqualTo("grp,amount\na,1\nb,2\n");

    Outcome history = run(EventsProject.class, "history", "fct_events");
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.out()).contains("success", "replaced").contains("(1 rows)");

    Outcome missing = run(EventsProject.class, "query", "SELECT * FROM marts.dim_group");
    assertThat(missing.exitCode()).isEqualTo(4);
    assertThat(missing.err()).contains("marts.dim_group", "did you mean marts.dim_groups");
  }
}
