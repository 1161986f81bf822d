package io.strata.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each round of the bench starts one scenario further down the list. */
class RoundOrderTest {
  private static final List<String> SCENARIOS = List.of("incremental", "dbt_default", "hand");

  @Test
  void everyScenarioLeadsARoundInTurnAndNoneIsDropped() {
    assertThat(Bench.rotated(SCENARIOS, 0)).containsExactly("incremental", "dbt_default", "hand");
    assertThat(Bench.rotated(SCENARIOS, 1)).containsExactly("dbt_default", "hand", "incremental");
    assertThat(Bench.rotated(SCENARIOS, 2)).containsExactly("hand", "incremental", "dbt_default");
    assertThat(Bench.rotated(SCENARIOS, 3)).containsExactly("incremental", "dbt_default", "hand");
    assertThat(Bench.rotated(List.of(), 4)).isEmpty();
  }
}
