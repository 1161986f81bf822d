package io.strata.delta;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.config.CatalogKind;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.RunAssertions;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.OptimizeResult;
import io.strata.warehouse.VacuumResult;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metastore kind (Glue, Hive, Unity Catalog) against Spark's session catalog. */
class CatalogWarehouseTest {
  @TempDir Path dir;

  @Test
  void buildsAndMergesCatalogTablesInOneSchemaPerLayer() {
    StrataConfig config =
        StrataConfig.defaults()
            .with(StrataKeys.CATALOG_KIND, CatalogKind.METASTORE)
            .with(
                StrataKeys.CATALOG_SCHEMAS,
                Map.of("raw", "cat_raw", "staging", "cat_staging", "marts", "cat_marts"));
    Warehouse warehouse = DeltaWarehouses.create(config);
    // No lookback: the second build's MERGE commits through the held commit of a catalog table.
    EventsFixture events =
        new EventsFixture(dir, warehouse, EventsFixture.eventsProject(Duration.ZERO));

    events.land(Instant.parse("2026-03-10T06:00:00Z"), event("a1", 1, "2026-03-09T00:00:00Z"));
    RunAssertions.assertSucceeded(events.build());
    events.land(Instant.parse("2026-03-11T06:00:00Z"), event("a1", 2, "2026-03-10T00:00:00Z"));
    RunResult merged = events.build();
    RunAssertions.assertSucceeded(merged);
    String detail = merged.result("fct_events").orElseThrow().outcome().orElseThrow().detail();
    if (warehouse.capabilities(TestingSpark.session()).heldCommits()) {
      assertThat(detail).endsWith("tested while the MERGE wrote");
    } else {
      assertThat(detail).startsWith("merged").doesNotContain("tested while the MERGE wrote");
    }

    assertThat(warehouse.location(EventsFixture.FCT)).isEqualTo("cat_marts.fct_events");
    assertThat(TestingSpark.session().catalog().tableExists("cat_marts.fct_events")).isTrue();
    assertThat(
            Tables.lines(
                TestingSpark.session().table("cat_marts.fct_events"), "event_id", "amount"))
        .containsExactly("a1|2");

    OptimizeResult optimized =
        warehouse.optimize(TestingSpark.session(), EventsFixture.FCT, List.of());
    assertThat(optimized.filesAfter())
        .isEqualTo(warehouse.detail(TestingSpark.session(), EventsFixture.FCT).files());
    VacuumResult dryRun =
        warehouse.vacuum(TestingSpark.session(), EventsFixture.FCT, Duration.ZERO, true, true);
    assertThat(dryRun.files()).hasValueSatisfying(n -> assertThat(n).isPositive());
    assertThat(
            Tables.lines(
                TestingSpark.session().table("cat_marts.fct_events"), "event_id", "amount"))
        .containsExactly("a1|2");
  }
}
