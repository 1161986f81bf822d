package io.strata.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.testing.TestingSpark;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PruningTest {
  private static final StructType SCHEMA =
      new StructType().add("day", DataTypes.DateType).add("region", DataTypes.StringType);

  private final SparkSession spark = TestingSpark.session();

  @Test
  void listedPartitionsRestrictEachColumnToItsValues() {
    Pruning pruning =
        Pruning.values(
            List.of("day", "region"),
            List.of(partition(day(2), "eu"), partition(day(3), "eu"), partition(day(3), "us")));

    assertThat(pruning.description())
        .isEqualTo(", target pruned to day IN 2 values AND region IN 2 values");
    assertThat(kept(pruning))
        .containsExactlyInAnyOrder(
            "2026-03-02/eu", "2026-03-02/us", "2026-03-03/eu", "2026-03-03/us");
  }

  @Test
  void aColumnWithANullPartitionValueIsNotRestricted() {
    Pruning pruning =
        Pruning.values(
            List.of("day", "region"), List.of(partition(null, "eu"), partition(day(3), "eu")));

    assertThat(pruning.description()).isEqualTo(", target pruned to region IN 1 values");
    assertThat(kept(pruning)).hasSize(5).allMatch(r -> r.endsWith("/eu"));
  }

  @Test
  void manyPartitionsRestrictEachColumnToTheBatchsRange() {
    Dataset<Row> batch = table(new Object[] {day(2), "eu"}, new Object[] {day(4), "us"});

    Pruning pruning = Pruning.range(List.of("day", "region"), batch);

    assertThat(pruning.description())
        .isEqualTo(
            ", target pruned to day BETWEEN 2026-03-02 AND 2026-03-04 AND region BETWEEN eu AND us");
    assertThat(kept(pruning))
        .hasSize(6)
        .noneMatch(r -> r.startsWith("2026-03-01") || r.startsWith("2026-03-05"));
  }

  @Test
  void aRangeWithANullValueDoesNotRestrictItsColumn() {
    Dataset<Row> batch = table(new Object[] {null, "eu"}, new Object[] {day(2), "eu"});

    Pruning pruning = Pruning.range(List.of("day", "region"), batch);

    assertThat(pruning.description()).isEqualTo(", target pruned to region BETWEEN eu AND eu");
    assertThat(kept(pruning)).hasSize(5);
    assertThat(pruning.describedAlso(", tested").description()).endsWith("eu AND eu, tested");
  }

  /** The target's rows, days 1 to 5 in regions eu and us, that the pruning keeps, as day/region. */
  private List<String> kept(Pruning pruning) {
    Object[][] rows = new Object[10][];
    for (int i = 0; i < 5; i++) {
      rows[2 * i] = new Object[] {day(i + 1), "eu"};
      rows[2 * i + 1] = new Object[] {day(i + 1), "us"};
    }
    return table(rows).as("t").where(pruning.condition()).collectAsList().stream()
        .map(r -> r.getDate(0) + "/" + r.getString(1))
        .toList();
  }

  private Dataset<Row> table(Object[]... rows) {
    return spark.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), SCHEMA);
  }

  private static NewerByStatistics.BatchPartition partition(Date day, String region) {
    return new NewerByStatistics.BatchPartition(Arrays.asList(day, region), null);
  }

  private static Date day(int day) {
    return Date.valueOf("2026-03-0" + day);
  }
}
