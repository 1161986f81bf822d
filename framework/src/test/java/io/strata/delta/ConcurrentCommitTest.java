package io.strata.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import io.strata.model.TableName;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.MergeInto;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another writer's commit between this write's read and its commit: the adapter reports the table
 * and what to do, never Delta's exception.
 */
class ConcurrentCommitTest {
  private static final TableName TABLE = TableName.parse("marts.fct_orders");

  @TempDir Path dir;

  private static Dataset<Row> rows(SparkSession spark, String... ids) {
    return spark
        .createDataFrame(
            java.util.Arrays.stream(ids).map(id -> new Order(id, 1L)).toList(), Order.class)
        .select("id", "amount");
  }

  /** A row of the table. */
  public static final class Order implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private String id;
    private long amount;

    public Order(String id, long amount) {
      this.id = id;
      this.amount = amount;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public long getAmount() {
      return amount;
    }

    public void setAmount(long amount) {
      this.amount = amount;
    }
  }

  @Test
  void aMergeThatLosesToAnotherWritersCommitIsAConflictNamingTheTable() {
    SparkSession spark = TestingSpark.session();
    Warehouse warehouse = DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
    assumeThat(warehouse.capabilities(spark).heldCommits()).isTrue();
    warehouse.append(rows(spark, "o1", "o2"), TABLE, List.of(), Map.of());

    StrataException conflict =
        catchThrowableOfType(
            () ->
                warehouse.holdingCommit(
                    spark,
                    TABLE,
                    () -> {
                      // The other writer replaces the table while this MERGE waits to commit.
                      CompletableFuture.runAsync(
                              () -> warehouse.overwrite(rows(spark, "x1"), TABLE, List.of()))
                          .join();
                      return "{}";
                    },
                    () ->
                        warehouse.merge(
                            spark,
                            TABLE,
                            new MergeInto(
                                rows(spark, "o2", "o3"), functions.expr("t.id = s.id"), "true"))),
            StrataException.class);

    assertThat(conflict.kind()).isEqualTo(ErrorKind.CONFLICT);
    assertThat(conflict.exitCode()).isEqualTo(2);
    assertThat(conflict.getMessage())
        .startsWith(
            "Another writer committed to 'marts.fct_orders' while this merge was writing it")
        .contains("This write was not published")
        .doesNotContain("io.delta");
    assertThat(Tables.lines(warehouse.read(spark, TABLE), "id")).containsExactly("x1");
  }
}
