package io.strata.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.strata.config.InternalsMode;
import io.strata.delta.DeltaRuntime;
import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import io.strata.jobs.JobsMain;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which combination of the compatibility matrix this test JVM is: the Delta version on its class
 * path and the path Strata takes, as the surefire execution running it declares them ({@code
 * strata.matrix.delta}, {@code strata.matrix.path}). The matrix's other tests then run on exactly
 * that combination.
 */
class DeltaMatrixTest {
  private final String delta = System.getProperty("strata.matrix.delta", "");
  private final String path = System.getProperty("strata.matrix.path", "");

  @Test
  void theDeltaOnTheClassPathIsTheOneThisCombinationNames() {
    assertThat(delta).as("strata.matrix.delta").isNotEmpty();
    assertThat(DeltaRuntime.ofEnvironment().version()).contains(delta);
    assertThat(DeltaTable.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .endsWith("-" + delta + ".jar");
  }

  @Test
  void strataTakesThePathThisCombinationNames() {
    DeltaRuntime runtime = DeltaRuntime.ofEnvironment();

    assertThat(runtime.internal()).as(runtime.describe()).isEqualTo(path.equals("internal"));
    assertThat(runtime.describe()).startsWith("Delta " + delta + ": " + path + " path (");
  }

  @Test
  void internalsOnWhereTheirVersionIsUntestedIsAConfigurationError(@TempDir Path dir) {
    if (DeltaRuntime.INTERNALS_TESTED.contains(delta)) {
      assertThat(DeltaRuntime.of(InternalsMode.ON).internal()).isTrue();
      return;
    }
    assertThat(
            JobsMain.execute(
                "build", "--warehouse", dir.toString(), "--conf", "strata.delta.internals=on"))
        .as("exit code of build with strata.delta.internals=on on Delta " + delta)
        .isEqualTo(2);
    assertThatThrownBy(() -> DeltaRuntime.of(InternalsMode.ON))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIG))
        .hasMessageContaining("Delta " + delta + " cannot be used through its internal classes")
        .hasMessageContaining(
            "tested on Delta " + String.join(", ", DeltaRuntime.INTERNALS_TESTED));
  }
}
