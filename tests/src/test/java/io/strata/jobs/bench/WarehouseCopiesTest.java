package io.strata.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.testing.TestingSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark copy leaves nothing behind in Delta's log cache or in Spark's storage. */
class WarehouseCopiesTest {
  private static final String TABLE = "marts/t";
  private final SparkSession spark = TestingSpark.session();

  @Test
  void forgettingACopyDropsItsLogAndReleasesItsCachedState(@TempDir Path dir) {
    Path copy = copyOfWarehouseWithRows(dir, 10);
    String copied = copy.resolve(TABLE).toString();
    int cachedBefore = spark.sparkContext().getPersistentRDDs().size();
    DeltaLog log = DeltaLog.forTable(spark, copied);
    assertThat(log.update(false, scala.Option.empty(), scala.Option.empty()).allFiles().count())
        .isPositive();
    assertThat(DeltaLog.forTable(spark, copied)).isSameAs(log);
    assertThat(spark.sparkContext().getPersistentRDDs().size()).isGreaterThan(cachedBefore);

    WarehouseCopies.forget(spark, copy);

    assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(cachedBefore);
    assertThat(DeltaLog.forTable(spark, copied)).isNotSameAs(log);
    assertThat(rows(copy)).isEqualTo(10);
  }

  @Test
  void discardingACopyDeletesItAndLeavesTheOriginal(@TempDir Path dir) {
    Path copy = copyOfWarehouseWithRows(dir, 5);
    assertThat(rows(copy)).isEqualTo(5);

    WarehouseCopies.discard(spark, copy);

    assertThat(copy).doesNotExist();
    assertThat(rows(dir.resolve("base"))).isEqualTo(5);
  }

  /** A copy of a warehouse under {@code dir}/base holding one table of {@code rows} rows. */
  private Path copyOfWarehouseWithRows(Path dir, long rows) {
    Path base = dir.resolve("base");
    spark.range(rows).write().format("delta").save(base.resolve(TABLE).toString());
    return WarehouseCopies.cloneWarehouse(base, dir.resolve("copy"));
  }

  private long rows(Path warehouse) {
    return spark.read().format("delta").load(warehouse.resolve(TABLE).toString()).count();
  }
}
