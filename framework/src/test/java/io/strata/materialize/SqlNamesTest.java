package io.strata.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlNamesTest {
  @Test
  void rewritesLayerTableNamesOutsideLiteralsAndComments() {
    String sql =
        "SELECT o.id, 'staging.stg_orders' AS label -- marts.fct_orders\n"
            + "FROM staging.stg_orders o JOIN marts.dim_customers c ON o.c = c.id"
            + " /* raw.orders */ WHERE `raw.x` = x.raw.orders";

    String rewritten = SqlNames.rewrite(sql, t -> "<" + t + ">");

    assertThat(rewritten)
        .isEqualTo(
            "SELECT o.id, 'staging.stg_orders' AS label -- marts.fct_orders\n"
                + "FROM <staging.stg_orders> o JOIN <marts.dim_customers> c ON o.c = c.id"
                + " /* raw.orders */ WHERE `raw.x` = x.raw.orders");
  }

  @Test
  void leavesColumnReferencesAlone() {
    assertThat(SqlNames.rewrite("SELECT s.amount, t.marts FROM x s", t -> "!"))
        .isEqualTo("SELECT s.amount, t.marts FROM x s");
  }
}
