package io.strata.cli;

import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.RAW;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.materialize.CodeChangeProjects;
import io.strata.testing.EventsFixture;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata plan} says what build would do and why, from the Delta logs alone. */
class PlanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode plan(Class<?> project, String... extra) throws Exception {
    String[] args = new String[extra.length + 2];
    args[0] = "plan";
    args[1] = "--json";
    System.arraycopy(extra, 0, args, 2, extra.length);
    TestingCli.Outcome outcome = TestingCli.run(dir, project, args);
    assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
    return JSON.readTree(outcome.out());
  }

  private static JsonNode model(JsonNode plan, String table) {
    for (JsonNode model : plan.get("models")) {
      if (model.get("model").asText().equals(table)) {
        return model;
      }
    }
    throw new AssertionError("no " + table + " in " + plan);
  }

  private static String actionAndKinds(JsonNode plan, String table) {
    JsonNode model = model(plan, table);
    StringBuilder kinds = new StringBuilder(model.get("action").asText());
    model.get("reasons").forEach(r -> kinds.append(' ').append(r.get("kind").asText()));
    return kinds.toString();
  }

  @Test
  void eachReasonFromTheLogsWithNoSparkJobAndNothingWritten() throws Exception {
    EventsFixture events = new EventsFixture(dir, new CodeChangeProjects.V1());
    events.land(
        Instant.parse("2026-03-10T06:00:00Z"),
        event("a1", 10, "2026-03-09T10:00:00Z"),
        event("b1", 20, "2026-03-09T11:00:00Z"));
    Class<?> v1 = CodeChangeProjects.V1.class;

    JsonNode first = plan(v1);
    assertThat(actionAndKinds(first, "marts.fct_events")).isEqualTo("full_build first_build");
    assertThat(actionAndKinds(first, "marts.dim_groups")).isEqualTo("full_build first_build");
    assertThat(actionAndKinds(first, "staging.stg_events")).isEqualTo("view view");
    assertThat(events.warehouse().exists(FCT)).as("plan writes nothing").isFalse();

    assertSucceeded(events.build());
    long built = events.version(FCT);
    JsonNode after = withJobsCounted(() -> plan(v1), 0);
    assertThat(actionAndKinds(after, "marts.fct_events")).isEqualTo("up_to_date up_to_date");
    assertThat(actionAndKinds(after, "marts.dim_groups")).isEqualTo("up_to_date up_to_date");

    events.land(
        Instant.parse("2026-03-11T06:00:00Z"),
        event("a1", 11, "2026-03-10T10:00:00Z"),
        event("c1", 30, "2026-03-10T11:00:00Z"),
        event("d1", 40, "2026-03-10T12:00:00Z"));
    long raw = events.version(RAW);
    JsonNode landed = withJobsCounted(() -> plan(v1), 0);
    assertThat(actionAndKinds(landed, "marts.fct_events")).isEqualTo("merge new_data");
    JsonNode source = model(landed, "marts.fct_events").get("reasons").get(0).get("sources").get(0);
    assertThat(source.get("table").asText()).isEqualTo("raw.events");
    assertThat(source.get("to_version").asLong()).isEqualTo(raw);
    assertThat(source.get("versions").asLong()).isEqualTo(1);
    assertThat(source.get("rows").asLong()).isEqualTo(3);
    assertThat(actionAndKinds(landed, "marts.dim_groups")).isEqualTo("full_build new_data");

    JsonNode changed = plan(CodeChangeProjects.ViewV2.class);
    assertThat(actionAndKinds(changed, "marts.fct_events")).isEqualTo("full_build code_changed");
    assertThat(model(changed, "marts.fct_events").get("reasons").get(0).get("models"))
        .extracting(JsonNode::asText)
        .containsExactly("stg_events");
    assertThat(actionAndKinds(changed, "marts.dim_groups"))
        .isEqualTo("full_build code_changed new_data");
    JsonNode failing =
        plan(CodeChangeProjects.ViewV2.class, "--conf", "strata.incremental.on-code-change=fail");
    assertThat(actionAndKinds(failing, "marts.fct_events")).isEqualTo("fail code_changed");
    JsonNode forward =
        plan(
            CodeChangeProjects.ViewV2.class,
            "--conf",
            "strata.incremental.on-code-change=forward_only");
    assertThat(actionAndKinds(forward, "marts.fct_events"))
        .isEqualTo("merge new_data code_changed");
    assertThat(events.version(FCT)).as("plan writes nothing").isEqualTo(built);
  }

  @Test
  void aLandingThatAddedColumnsShowsAsAnUpstreamSchemaChange() throws Exception {
    EventsFixture events = new EventsFixture(dir, new CodeChangeProjects.V1());
    events.land(Instant.parse("2026-03-10T06:00:00Z"), event("a1", 10, "2026-03-09T10:00:00Z"));
    assertSucceeded(events.build());
    events.land(
        Instant.parse("2026-03-11T06:00:00Z"),
        "{\"id\":\"a1\",\"amount\":11,\"updated\":\"2026-03-10T10:00:00Z\",\"channel\":\"web\"}");

    JsonNode plan = plan(CodeChangeProjects.V1.class);

    assertThat(actionAndKinds(plan, "marts.fct_events"))
        .isEqualTo("merge new_data upstream_schema_changed");
    JsonNode schema = model(plan, "marts.fct_events").get("reasons").get(1);
    assertThat(schema.get("columns")).extracting(JsonNode::asText).containsExactly("channel");
    assertThat(schema.get("text").asText())
        .isEqualTo("upstream schema changed: raw.events added [channel]");

    TestingCli.Outcome text = TestingCli.run(dir, CodeChangeProjects.V1.class, "plan");
    assertThat(text.out())
        .contains(
            "marts.fct_events", "merge", "new raw versions: raw.events v2-2 (1 version, 1 row)")
        .contains("Planned 3 models in");
  }

  /** Runs the plan, asserting the Spark jobs it started. */
  private static JsonNode withJobsCounted(Planner plan, int expected) throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    TestingSpark.session().sparkContext().addSparkListener(listener);
    try {
      JsonNode result = plan.run();
      TestingSpark.session().sparkContext().listenerBus().waitUntilEmpty();
      assertThat(jobs.get()).as("Spark jobs the plan started").isEqualTo(expected);
      return result;
    } finally {
      TestingSpark.session().sparkContext().removeSparkListener(listener);
    }
  }

  private interface Planner {
    JsonNode run() throws Exception;
  }
}
