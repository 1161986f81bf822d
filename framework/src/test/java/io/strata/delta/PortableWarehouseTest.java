package io.strata.delta;

import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.RAW;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.config.InternalsMode;
import io.strata.model.TableName;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Capabilities;
import io.strata.warehouse.OptimizeResult;
import io.strata.warehouse.VacuumResult;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable path, on Delta's public API only, answers as the internal path does: versions,
 * commits with their user metadata, small tables, optimize and vacuum; and builds from a table
 * another writer changed.
 */
class PortableWarehouseTest {
  private static final TableName T = TableName.parse("marts.t");
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  @TempDir Path dir;

  private final SparkSession spark = TestingSpark.session();

  @Test
  void offersNothingBeyondDeltasPublicApi() {
    Warehouse portable = DeltaWarehouses.atPath(dir.toString(), DeltaRuntime.portable());
    portable.append(spark.range(3).toDF("id"), T, List.of(), Map.of());

    assertThat(portable.capabilities(spark)).isEqualTo(Capabilities.publicApi());
    assertThat(portable.statistics(spark, T)).isEmpty();
    assertThatThrownBy(() -> portable.holdingCommit(spark, T, () -> "{}", () -> {}))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cannot hold a commit");
  }

  @Test
  void historyVersionsAndSmallTablesReadAsOnTheInternalPath() {
    Warehouse portable = DeltaWarehouses.atPath(dir.toString(), DeltaRuntime.portable());
    Warehouse internal =
        DeltaWarehouses.atPath(dir.toString(), DeltaRuntime.of(InternalsMode.AUTO));
    // One page of history and a bit: the portable path reads the rest as a second page.
    for (int i = 0; i < 18; i++) {
      spark.conf().set(USER_METADATA, "{\"n\":" + i + "}");
      try {
        portable.append(
            spark.sql("SELECT 'm" + i + "' AS model, 'x' AS inputs"), T, List.of(), Map.of());
      } finally {
        spark.conf().unset(USER_METADATA);
      }
    }

    List<Warehouse.Commit> commits = portable.commits(spark, T).toList();
    assertThat(commits).hasSize(19).isEqualTo(internal.commits(spark, T).toList());
    assertThat(commits.get(0).version()).isEqualTo(18);
    assertThat(commits.get(0).userMetadata()).contains("{\"n\":17}");
    assertThat(commits.get(0).metrics()).containsEntry("numOutputRows", "1");
    assertThat(commits.get(18).version()).isZero();
    assertThat(portable.history(spark, T, 2)).isEqualTo(commits.subList(0, 2));
    assertThat(portable.version(spark, T)).contains(18L).isEqualTo(internal.version(spark, T));
    OptimizeResult optimized = portable.optimize(spark, T, List.of());
    assertThat(optimized.version()).contains(19L);
    assertThat(optimized.filesBefore()).isEqualTo(18);
    assertThat(optimized.filesRemoved()).isEqualTo(18);
    assertThat(optimized.filesAdded()).isEqualTo(1);
    assertThat(portable.history(spark, T, 1).get(0).operation()).isEqualTo("OPTIMIZE");
    VacuumResult vacuum = portable.vacuum(spark, T, Duration.ZERO, true, true);
    assertThat(vacuum.files()).contains(18L);
    assertThat(portable.readStrings(spark, T, List.of("model", "inputs")))
        .hasSize(18)
        .containsExactlyInAnyOrderElementsOf(
            internal.readStrings(spark, T, List.of("model", "inputs")));
  }

  @Test
  void buildsFromARawTableAnotherWriterMovedToColumnMappingAndDeletionVectors() {
    Warehouse portable =
        DeltaWarehouses.atPath(dir.resolve("warehouse").toString(), DeltaRuntime.portable());
    EventsFixture events =
        new EventsFixture(dir, portable, EventsFixture.eventsProject(Duration.ZERO));
    events.land(
        Instant.parse("2026-03-10T06:00:00Z"),
        event("a1", 10, "2026-03-09T10:00:00Z"),
        event("b1", 30, "2026-03-09T12:00:00Z"));
    assertSucceeded(events.build());
    spark.sql(
        "ALTER TABLE delta.`"
            + portable.location(RAW)
            + "` SET TBLPROPERTIES ('delta.minReaderVersion' = '3', 'delta.minWriterVersion' = '7',"
            + " 'delta.columnMapping.mode' = 'name', 'delta.enableDeletionVectors' = 'true')");
    events.land(
        Instant.parse("2026-03-11T06:00:00Z"),
        event("a1", 11, "2026-03-10T10:00:00Z"),
        event("c1", 40, "2026-03-10T00:00:00Z"));

    RunResult merged = events.build();

    assertSucceeded(merged);
    assertThat(merged.result("fct_events").orElseThrow().outcome().orElseThrow().detail())
        .startsWith("merged");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|11", "b1|30", "c1|40");
  }
}
