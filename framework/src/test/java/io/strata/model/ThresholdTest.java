package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {
  @Test
  void rowCountsAndFractions() {
    assertThat(Threshold.ANY.exceededBy(0, 10)).isFalse();
    assertThat(Threshold.ANY.exceededBy(1, 10)).isTrue();
    assertThat(Threshold.rows(3).exceededBy(3, 10)).isFalse();
    assertThat(Threshold.rows(3).exceededBy(4, 10)).isTrue();
    assertThat(Threshold.fraction(0.1).exceededBy(1, 10)).isFalse();
    assertThat(Threshold.fraction(0.1).exceededBy(2, 10)).isTrue();
    assertThat(Threshold.fraction(0.1).exceededBy(0, 0)).isFalse();
    assertThatThrownBy(() -> Threshold.fraction(1.5)).hasMessageContaining("[0, 1]");
  }

  @Test
  void dataTestsDefaultToErrorOnAnyFailingRow() {
    DataTest strict = DataTest.notNull("id");
    DataTest lenient = DataTest.notNull("id").errorIfFractionAbove(0.2).warnIfMoreThan(0);

    assertThat(strict.errorAbove()).contains(Threshold.ANY);
    assertThat(lenient.errorAbove()).contains(Threshold.fraction(0.2));
    assertThat(DataTest.notNull("id").warn().errorAbove()).isEmpty();
  }
}
