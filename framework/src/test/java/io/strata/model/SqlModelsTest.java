package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.error.StrataException;
import io.strata.testing.TestingProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL model files: headers, inputs found by Spark's parser, and every kind of bad file. */
class SqlModelsTest {
  @TempDir Path dir;

  private final TestingProject project =
      new TestingProject()
          .source("raw.events")
          .source("raw.users")
          .model(ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build());

  private Path write(String relative, String... lines) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private List<SqlModel> load() {
    return SqlModels.load(project, Optional.of(dir));
  }

  private SqlModel model(String name) {
    return load().stream().filter(m -> m.spec().name().equals(name)).findFirst().orElseThrow();
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refused(Path file) {
    return assertThatThrownBy(this::load)
        .isInstanceOf(StrataException.class)
        .satisfies(e -> assertThat(((StrataException) e).exitCode()).isEqualTo(3))
        .hasMessageContaining(file.toString());
  }

  @Test
  void headerConfiguresEverythingAJavaSpecDeclares() throws IOException {
    Path file =
        write(
            "marts/fct_events.sql",
            "-- latest version of each event",
            "/* strata {",
            "  materialized = incremental",
            "  unique_key = event_id",
            "  order_by = version, event_time = updated_at, loaded_at = landed",
            "  lookback = 2 days",
            "  on_schema_change = sync_all_columns",
            "  copy_on_write = true",
            "  partition_by = [grp]",
            "  tags = [finance, daily]",
            "  description = \"\"\"One row per event.\"\"\"",
            "  columns { event_id = \"Identifier.\", grp = \"Group.\", amount = \"Amount.\" }",
            "  tests = [",
            "    { unique = event_id }, { not_null = event_id, quarantine = true }",
            "    { accepted_values { column = grp, values = [a, b] }, severity = warn }",
            "    { relationships { column = grp, to = dim_groups, field = grp },"
                + " warn_if_more_than = 3 }",
            "    { expression { name = positive, predicate = \"amount >= 0\" },"
                + " error_if_fraction_above = 0.1 }",
            "    { range { column = amount, min = 0, max = 1e6 }, error_if_more_than = 5 }",
            "    { row_count { min = 1, max = 100 }, warn_if_fraction_above = 0.5 }",
            "  ]",
            "} */",
            "SELECT * FROM staging.stg_events");

    SqlModel model = model("fct_events");

    ModelSpec expected =
        ModelSpec.builder(Layer.MARTS, "fct_events")
            .incremental(
                IncrementalSpec.uniqueKey("event_id")
                    .orderBy("version")
                    .eventTime("updated_at")
                    .loadedAt("landed")
                    .lookback(Duration.ofDays(2))
                    .onSchemaChange(OnSchemaChange.SYNC_ALL_COLUMNS)
                    .copyOnWrite()
                    .build())
            .refs("stg_events")
            .partitionBy("grp")
            .tags("finance", "daily")
            .description("One row per event.")
            .column("event_id", "Identifier.")
            .column("grp", "Group.")
            .column("amount", "Amount.")
            .test(
                DataTest.unique("event_id"),
                DataTest.notNull("event_id").quarantine(),
                DataTest.acceptedValues("grp", "a", "b").warn(),
                DataTest.relationship("grp", "dim_groups", "grp").warnIfMoreThan(3),
                DataTest.expression("positive", "amount >= 0").errorIfFractionAbove(0.1),
                DataTest.range("amount", 0, 1e6).errorIfMoreThan(5),
                DataTest.rowCount(1, 100).warnIfFractionAbove(0.5))
            .build();
    assertThat(model.spec()).isEqualTo(expected);
    assertThat(model.file()).isEqualTo(file.toString());
    assertThat(model.sql()).isEqualTo(Files.readString(file));
  }

  @Test
  void inputsComeFromJoinsSubqueriesAndCtesButNotFromCteNames() throws IOException {
    write("staging/stg_users.sql", "SELECT id AS user_id, name FROM raw.users");
    write(
        "intermediate/int_user_events.sql",
        "/* strata { materialized = table } */",
        "WITH recent AS (SELECT * FROM staging.stg_events WHERE updated > '2026'),",
        "     named AS (SELECT * FROM recent)",
        "SELECT u.user_id, n.id,",
        "       (SELECT max(amount) FROM Staging.Stg_Events) AS top",
        "FROM named n",
        "JOIN staging.stg_users u ON u.user_id = n.user_id",
        "WHERE n.id IN (SELECT id FROM staging.stg_events)",
        "  AND EXISTS (SELECT 1 FROM (SELECT * FROM intermediate.int_base) b)");
    write("intermediate/int_base.sql", "/* strata {} */ SELECT 1 AS id FROM staging.stg_users");

    ModelSpec joined = model("int_user_events").spec();
    ModelSpec staged = model("stg_users").spec();

    assertThat(joined.refs()).containsExactly("stg_events", "stg_users", "int_base");
    assertThat(joined.sources()).isEmpty();
    assertThat(joined.materialization()).isEqualTo(Materialization.TABLE);
    assertThat(staged.sources()).containsExactly(TableName.parse("raw.users"));
    assertThat(staged.refs()).isEmpty();
    assertThat(staged.materialization()).isEqualTo(Materialization.VIEW);
  }

  @Test
  void anUnknownInputNamesTheFileAndItsLine() throws IOException {
    Path file =
        write(
            "marts/fct_events.sql",
            "/* strata { materialized = table } */",
            "SELECT e.*",
            "FROM staging.stg_events e",
            "JOIN staging.stg_evnts x ON e.id = x.id");

    refused(file)
        .hasMessageContaining("line 4")
        .hasMessageContaining("'staging.stg_evnts'")
        .hasMessageContaining("Did you mean staging.stg_events?");
  }

  @Test
  void anUndeclaredSourceABareNameAndAWrongLayerAreRefused() throws IOException {
    Path source = write("staging/stg_orders.sql", "SELECT * FROM raw.orders");
    refused(source).hasMessageContaining("line 1").hasMessageContaining("not a declared raw");
    Files.delete(source);

    Path bare = write("marts/fct_a.sql", "SELECT *", "FROM stg_events");
    refused(bare).hasMessageContaining("line 2").hasMessageContaining("staging.stg_events?");
    Files.delete(bare);

    Path layer = write("marts/fct_a.sql", "SELECT * FROM marts.stg_events");
    refused(layer).hasMessageContaining("stg_events is a staging model");
  }

  @Test
  void aQuotedNameIsRefusedSinceOnlyPlainNamesAreReplacedByTheInputs() throws IOException {
    Path file = write("marts/fct_a.sql", "SELECT * FROM `staging`.`stg_events`");

    refused(file).hasMessageContaining("write it plainly as staging.stg_events");
  }

  @Test
  void aHeaderThatDoesNotParseNamesTheFileTheLineAndTheHoconError() throws IOException {
    Path file =
        write(
            "marts/fct_a.sql",
            "",
            "/* strata {",
            "  materialized = table",
            "  tags = [a, b",
            "} */",
            "SELECT * FROM staging.stg_events");

    refused(file).hasMessageContaining("line 5").hasMessageContaining("not valid HOCON");
  }

  @Test
  void anUnknownHeaderKeySuggestsTheClosest() throws IOException {
    Path file =
        write(
            "marts/fct_a.sql",
            "/* strata {",
            "  materialised = table",
            "} */",
            "SELECT * FROM staging.stg_events");

    refused(file)
        .hasMessageContaining("unknown header key 'materialised' (line 2)")
        .hasMessageContaining("Did you mean materialized?");
  }

  @Test
  void anUnknownTestKeyAndABadValueAreRefusedWithTheirLine() throws IOException {
    Path test =
        write(
            "marts/fct_a.sql",
            "/* strata {",
            "  tests = [",
            "    { unique = id, severty = warn }",
            "  ]",
            "} */",
            "SELECT * FROM staging.stg_events");
    refused(test).hasMessageContaining("(line 3)").hasMessageContaining("severity?");

    write(
        "marts/fct_a.sql",
        "/* strata {",
        "  materialized = materialised_view",
        "} */",
        "SELECT * FROM staging.stg_events");
    refused(test).hasMessageContaining("line 2").hasMessageContaining("must be one of [view,");

    write(
        "marts/fct_a.sql",
        "/* strata { materialized = table, unique_key = id } */",
        "SELECT * FROM staging.stg_events");
    refused(test).hasMessageContaining("applies to incremental models only");
  }

  @Test
  void sqlThatDoesNotParseNamesTheFileWithSparksMessage() throws IOException {
    Path file = write("marts/fct_a.sql", "SELECT * FORM staging.stg_events");

    refused(file).hasMessageContaining("Spark cannot parse").hasMessageContaining("FORM");
  }

  @Test
  void aFileOutsideALayerDirectoryOrAHeaderAfterSqlIsRefused() throws IOException {
    Path raw = write("raw/stg_a.sql", "SELECT * FROM raw.events");
    refused(raw).hasMessageContaining("models/staging/");
    Files.delete(raw);

    Path prefix = write("marts/stg_a.sql", "SELECT * FROM staging.stg_events");
    refused(prefix).hasMessageContaining("names start with fct_ or dim_");
    Files.delete(prefix);

    Path late = write("marts/fct_a.sql", "SELECT 1", "/* strata { materialized = table } */");
    refused(late).hasMessageContaining("line 2").hasMessageContaining("must open the file");
  }

  @Test
  void theReadmesExampleLoads() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## SQL models");
    int start = readme.indexOf("```sql\n", section) + "```sql\n".length();
    write("marts/fct_orders.sql", readme.substring(start, readme.indexOf("```", start)));
    project.model(ModelSpec.builder(Layer.STAGING, "stg_orders").sources("raw.events").build());

    ModelSpec spec = model("fct_orders").spec();

    assertThat(spec.refs()).containsExactly("stg_orders");
    assertThat(spec.uniqueKey()).containsExactly("order_id");
    assertThat(spec.tests()).hasSize(8);
  }
}
