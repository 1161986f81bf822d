package io.strata.delta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.strata.delta.DeltaWarehouses;
import io.strata.model.TableName;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatedLogStoreTest {
  private static final TableName ORDERS = TableName.parse("marts.orders");

  @TempDir Path dir;

  private final SparkSession spark = TestingSpark.session();
  private Warehouse warehouse;
  private long created;

  @BeforeEach
  void createTable() {
    warehouse = DeltaWarehouses.atPath(dir.toString());
    warehouse.append(ids(1, 3), ORDERS, List.of(), Map.of());
    created = warehouse.version(spark, ORDERS).orElseThrow();
  }

  private Dataset<Row> ids(long from, long to) {
    return spark.range(from, to).toDF("id");
  }

  @Test
  void aHeldCommitIsWrittenOnceItsGateAnswersAndCarriesTheAnswer() {
    assertThat(warehouse.capabilities(spark).heldCommits()).isTrue();

    warehouse.holdingCommit(
        spark,
        ORDERS,
        () -> "{\"audited\":true}",
        () -> warehouse.append(ids(3, 5), ORDERS, List.of(), Map.of()));

    assertThat(warehouse.version(spark, ORDERS)).contains(created + 1);
    assertThat(warehouse.read(spark, ORDERS).count()).isEqualTo(4);
    assertThat(warehouse.history(spark, ORDERS, 1).get(0).userMetadata())
        .contains("{\"audited\":true}");
  }

  @Test
  void aGateThatThrowsLeavesTheTableAtItsVersion() {
    assertThatThrownBy(
            () ->
                warehouse.holdingCommit(
                    spark,
                    ORDERS,
                    () -> {
                      throw new IllegalStateException("the audit failed");
                    },
                    () -> warehouse.append(ids(3, 5), ORDERS, List.of(), Map.of())))
        .hasStackTraceContaining("the audit failed");

    assertThat(warehouse.version(spark, ORDERS)).contains(created);
    assertThat(warehouse.read(spark, ORDERS).count()).isEqualTo(2);
  }

  @Test
  void theGateIsAwaitedBeforeDeltaLocksTheTableSoTheAuditMayReadIt() {
    // The audit reads the table on a thread of its own while the commit waits for it.
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () ->
            warehouse.holdingCommit(
                spark,
                ORDERS,
                () ->
                    CompletableFuture.supplyAsync(
                            () ->
                                "{\"version_read\":"
                                    + warehouse.version(spark, ORDERS).orElseThrow()
                                    + "}")
                        .join(),
                () -> warehouse.append(ids(3, 5), ORDERS, List.of(), Map.of())));

    assertThat(warehouse.history(spark, ORDERS, 1).get(0).userMetadata())
        .contains("{\"version_read\":" + created + "}");
  }

  @Test
  void onlyTheCommitInfoLineChanges() {
    assertThat(GatedLogStore.withUserMetadata("{\"add\":{\"path\":\"a\"}}", "m"))
        .isEqualTo("{\"add\":{\"path\":\"a\"}}");
    assertThat(
            GatedLogStore.withUserMetadata(
                "{\"commitInfo\":{\"operation\":\"MERGE\",\"userMetadata\":\"old\"}}", "{\"x\":1}"))
        .isEqualTo("{\"commitInfo\":{\"operation\":\"MERGE\",\"userMetadata\":\"{\\\"x\\\":1}\"}}");
  }
}
