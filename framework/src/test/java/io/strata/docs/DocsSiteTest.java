package io.strata.docs;

import static io.strata.testing.EventsFixture.event;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.delta.DeltaWarehouses;
import io.strata.graph.ProjectGraph;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.testing.EventsProject;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingProject;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs site's data: what {@code strata docs generate} embeds in {@code index.html}. */
class DocsSiteTest {
  private static final Pattern DATA =
      Pattern.compile(
          "<script type=\"application/json\" id=\"site-data\">(.*?)</script>", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void siteHoldsTypesLineageTestsAndBuildsOfTheBuiltProject() throws Exception {
    TestingSpark.session();
    Path batch = dir.resolve("batch.jsonl");
    Files.write(
        batch,
        List.of(event("a1", 1, "2026-03-09T00:00:00Z"), event("b1", 5, "2026-03-09T00:00:00Z")));
    Path target = dir.resolve("target");
    assertThat(cli("land", "raw.events=" + batch).exitCode()).isZero();
    assertThat(cli("build", "--target-dir", target.toString()).exitCode()).isZero();
    // Nothing new: runs no test, and the site shows the tests' results of the build before.
    assertThat(cli("build", "--target-dir", target.toString()).out()).contains("UP TO DATE");
    long version =
        DeltaWarehouses.atPath(dir.resolve("warehouse").toString())
            .version(TestingSpark.session(), io.strata.testing.EventsFixture.FCT)
            .orElseThrow();

    Outcome generate = cli("docs", "generate", "--target-dir", target.toString());

    assertThat(generate.exitCode()).as(generate.err()).isZero();
    Path index = target.resolve("docs").resolve("index.html");
    assertThat(generate.out()).contains("Docs site: " + index.toAbsolutePath().normalize());
    String html = Files.readString(index);
    assertThat(html)
        .as("nothing fetched when viewed")
        .doesNotContain("src=", "<link", "fetch(", "XMLHttpRequest", "@import", "url(")
        .contains("<svg");
    JsonNode site = data(html);
    JsonNode fct = model(site, "fct_events");
    assertThat(fct.path("materialization").asText()).isEqualTo("incremental");
    assertThat(texts(fct.path("unique_key"))).containsExactly("event_id");
    assertThat(texts(fct.path("partition_by"))).containsExactly("grp");
    assertThat(fct.path("code").path("text").asText())
        .isEqualTo(io.strata.testing.TestingModel.class.getName());
    assertThat(texts(fct.path("refs"))).containsExactly("stg_events");
    assertThat(texts(fct.path("readers"))).containsExactly("dim_groups");
    assertThat(texts(fct.path("raw_sources"))).containsExactly("raw.events");
    assertThat(fct.path("lineage").path("types_from").asText()).isEqualTo("table");
    assertThat(column(fct, "amount").path("type").asText()).isEqualTo("bigint");
    assertThat(texts(column(fct, "event_id").path("from")))
        .containsExactly("staging.stg_events.event_id");
    JsonNode unique = fct.path("tests").get(0);
    assertThat(unique.path("name").asText()).isEqualTo("unique(event_id)");
    assertThat(unique.path("status").asText()).isEqualTo("pass");
    assertThat(unique.path("failing_rows").asLong()).isZero();
    assertThat(unique.path("checked_rows").asLong()).isEqualTo(2);
    assertThat(fct.path("builds")).hasSize(2);
    JsonNode build = fct.path("builds").get(1);
    assertThat(build.path("rows").asLong()).isEqualTo(2);
    assertThat(build.path("version").asLong()).isEqualTo(version);

    JsonNode stg = model(site, "stg_events");
    assertThat(stg.path("lineage").path("types_from").asText()).isEqualTo("plan");
    assertThat(texts(column(stg, "grp").path("from"))).containsExactly("raw.events.id");
    assertThat(texts(column(stg, "updated_at").path("from"))).containsExactly("raw.events.updated");
    JsonNode dim = model(site, "dim_groups");
    assertThat(texts(column(dim, "amount").path("from")))
        .containsExactly("marts.fct_events.amount");
    assertThat(texts(column(dim, "grp").path("from"))).containsExactly("marts.fct_events.grp");
    assertThat(column(dim, "events").path("from").isArray()).isTrue();
    assertThat(column(dim, "events").path("from")).isEmpty();
    assertThat(site.path("sources").get(0).path("columns").toString())
        .contains("\"id\"", "_loaded_at");

    try (DocsServer server = DocsServer.start(index.getParent(), 0)) {
      HttpResponse<String> page = get(server, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).isEqualTo(html);
      assertThat(get(server, "/../warehouse").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void panelSaysWhyLineageIsMissing() throws Exception {
    TestingProject project =
        new TestingProject()
            .source("raw.events")
            .model(
                ModelSpec.builder(Layer.STAGING, "stg_events")
                    .sources("raw.events")
                    .description("x")
                    .build(),
                ctx -> ctx.source("raw.events"))
            .model(
                ModelSpec.builder(Layer.MARTS, "fct_events")
                    .table()
                    .refs("stg_events")
                    .description("y")
                    .build(),
                ctx -> ctx.ref("stg_events").select(col("no_such_column")));
    ProjectGraph graph = ProjectGraph.of(project);

    ObjectNode site =
        DocsSite.data(
            TestingSpark.session(),
            DeltaWarehouses.atPath(dir.resolve("warehouse").toString()),
            graph,
            dir.resolve("target"),
            Clock.systemUTC());

    assertThat(model(site, "stg_events").path("lineage").path("problem").asText())
        .isEqualTo("Its input raw.events has not been landed, so its plan cannot be analysed.");
    assertThat(model(site, "fct_events").path("lineage").path("problem").asText())
        .startsWith("Its input staging.stg_events could not be analysed");
    assertThat(model(site, "fct_events").path("tests")).isEmpty();
    assertThat(model(site, "fct_events").path("builds")).isEmpty();
  }

  private Outcome cli(String... args) {
    return TestingCli.run(dir, EventsProject.class, args);
  }

  private static HttpResponse<String> get(DocsServer server, String path)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode data(String html) throws IOException {
    Matcher m = DATA.matcher(html);
    assertThat(m.find()).as("the page embeds its data").isTrue();
    return new ObjectMapper().readTree(m.group(1));
  }

  private static JsonNode model(JsonNode site, String name) {
    for (JsonNode model : site.path("models")) {
      if (model.path("name").asText().equals(name)) {
        return model;
      }
    }
    throw new AssertionError("no model " + name + " in " + site);
  }

  private static JsonNode column(JsonNode model, String name) {
    for (JsonNode column : model.path("columns")) {
      if (column.path("name").asText().equals(name)) {
        return column;
      }
    }
    throw new AssertionError("no column " + name + " in " + model);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
