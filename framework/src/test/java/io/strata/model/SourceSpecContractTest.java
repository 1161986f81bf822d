package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class SourceSpecContractTest {
  private final SourceSpec orders =
      SourceSpec.of("raw.orders", "orders")
          .requiredColumn("orderId", "string")
          .column("amount", "decimal(10,2)")
          .column("createdAt", "TIMESTAMP");

  @Test
  void declaresColumnsWithSparkSqlTypes() {
    assertThat(orders.hasContract()).isTrue();
    assertThat(orders.columns())
        .containsExactly(
            new SourceColumn("orderId", DataTypes.StringType, true),
            new SourceColumn("amount", DataTypes.createDecimalType(10, 2), false),
            new SourceColumn("createdAt", DataTypes.TimestampType, false));
    assertThat(orders.columns().get(1).typeName()).isEqualTo("decimal(10,2)");
    assertThat(SourceSpec.of("raw.x", "x").hasContract()).isFalse();
  }

  @Test
  void undeclaredColumnsAreTheOthers() {
    assertThat(orders.undeclared(List.of("orderId", "coupon", "amount", "channel")))
        .containsExactly("coupon", "channel");
    assertThat(SourceSpec.of("raw.x", "x").undeclared(List.of("a"))).isEmpty();
  }

  @Test
  void refusesUnknownOrNestedTypesAndTwiceDeclaredColumns() {
    assertThatThrownBy(() -> orders.column("qty", "integr"))
        .hasMessageContaining("'integr', not a Spark SQL type name");
    assertThatThrownBy(() -> orders.column("tags", "array<string>"))
        .hasMessageContaining("a contract declares one of [string, boolean");
    assertThatThrownBy(() -> orders.column("amount", "string"))
        .hasMessageContaining("declares column 'amount' twice");
  }
}
