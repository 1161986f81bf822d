package io.strata.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.config.InternalsMode;
import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code strata.delta.internals} and the Delta found choose the path. */
class DeltaRuntimeTest {
  private static final Optional<String> TESTED = Optional.of(DeltaRuntime.INTERNALS_TESTED.get(0));
  private static final Optional<String> UNTESTED = Optional.of("3.0.0");

  @Test
  void autoTakesTheInternalPathOnATestedVersionOnly() {
    DeltaRuntime tested = DeltaRuntime.choose(InternalsMode.AUTO, TESTED);
    assertThat(tested.internal()).isTrue();
    assertThat(tested.describe())
        .isEqualTo(
            "Delta "
                + TESTED.get()
                + ": internal path (strata.delta.internals = auto: Delta's internal classes load"
                + " and "
                + TESTED.get()
                + " is tested on them)");

    DeltaRuntime untested = DeltaRuntime.choose(InternalsMode.AUTO, UNTESTED);
    assertThat(untested.internal()).isFalse();
    assertThat(untested.describe())
        .startsWith("Delta 3.0.0: portable path (strata.delta.internals = auto: the internal path")
        .contains("not 3.0.0");

    assertThat(DeltaRuntime.choose(InternalsMode.AUTO, Optional.empty()).describe())
        .startsWith("Delta (version unknown): portable path")
        .contains("not an unknown version");
  }

  @Test
  void offNeverTakesTheInternalPath() {
    DeltaRuntime off = DeltaRuntime.choose(InternalsMode.OFF, TESTED);
    assertThat(off.internal()).isFalse();
    assertThat(off.internals()).isEmpty();
    assertThat(off.describe())
        .isEqualTo("Delta " + TESTED.get() + ": portable path (strata.delta.internals = off)");
  }

  @Test
  void onWhereTheVersionIsUntestedIsAConfigurationErrorNamingBothVersions() {
    assertThatThrownBy(() -> DeltaRuntime.choose(InternalsMode.ON, UNTESTED))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> assertThat(e.kind().exitCode()).isEqualTo(ErrorKind.CONFIG.exitCode()))
        .hasMessageContaining("Delta 3.0.0 cannot be used through its internal classes")
        .hasMessageContaining("tested on Delta " + String.join(", ", DeltaRuntime.INTERNALS_TESTED))
        .hasMessageContaining("strata.delta.internals = auto");
    assertThat(DeltaRuntime.choose(InternalsMode.ON, TESTED).internal()).isTrue();
  }

  @Test
  void theSessionGetsStrataLogStoreOnTheInternalPathOnly() {
    assertThat(DeltaRuntime.choose(InternalsMode.AUTO, TESTED).sessionSettings(Map.of()))
        .containsEntry(DeltaRuntime.LOG_STORE_CLASS_KEY, DeltaRuntime.GATED_LOG_STORE)
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    assertThat(DeltaRuntime.choose(InternalsMode.OFF, TESTED).sessionSettings(Map.of()))
        .doesNotContainKey(DeltaRuntime.LOG_STORE_CLASS_KEY)
        .containsEntry(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    assertThat(
            DeltaRuntime.choose(InternalsMode.AUTO, TESTED)
                .sessionSettings(Map.of("spark.delta.logStore.s3a.impl", "x")))
        .as("a log store the configuration names stays")
        .doesNotContainKey(DeltaRuntime.LOG_STORE_CLASS_KEY);
  }

  @Test
  void theVersionIsReadFromDeltasPublicPackage() {
    assertThat(DeltaRuntime.deltaVersion())
        .hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+\\.\\d+"));
  }
}
