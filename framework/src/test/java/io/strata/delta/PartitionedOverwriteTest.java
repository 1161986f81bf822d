package io.strata.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.TableName;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionedOverwriteTest {
  private static final TableName ORDERS = TableName.parse("marts.fct_orders_partitioned");

  @TempDir Path dir;

  private final SparkSession spark = TestingSpark.session();

  /** 600 rows over three dates, spread across eight tasks: 24 files without optimized writes. */
  private Dataset<Row> rows() {
    return spark
        .range(0, 600, 1, 8)
        .selectExpr("id", "date_add(DATE'2026-03-01', cast(id % 3 as int)) AS order_date");
  }

  @Test
  void aPartitionedOverwriteWritesOneFilePerPartitionValueNotOnePerTask() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());

    warehouse.overwrite(rows(), ORDERS, List.of("order_date"));
    warehouse.overwrite(rows(), ORDERS, List.of("order_date"));

    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + warehouse.location(ORDERS) + "`").first();
    assertThat(detail.<Long>getAs("numFiles")).isEqualTo(3L);
    assertThat(warehouse.read(spark, ORDERS).count()).isEqualTo(600L);
    assertThat(spark.conf().getOption(DeltaWarehouse.OPTIMIZE_WRITE).isEmpty()).isTrue();
  }
}
