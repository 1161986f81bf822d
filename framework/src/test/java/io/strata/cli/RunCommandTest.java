package io.strata.cli;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.model.TableName;
import io.strata.testing.FailingTestProject;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata run} builds like {@code build} but runs no data test. */
class RunCommandTest {
  private static final TableName FCT = TableName.parse("marts.fct_amounts");

  @TempDir Path dir;

  private Outcome run(String... args) {
    return TestingCli.run(dir, FailingTestProject.class, args);
  }

  @Test
  void runPublishesWhatBuildHoldsBackOnAFailingTest() throws IOException {
    TestingSpark.session();
    Path batch = dir.resolve("batch.jsonl");
    Files.write(
        batch,
        List.of(event("a1", 1, "2026-03-09T00:00:00Z"), event("b1", 5, "2026-03-09T00:00:00Z")));
    assertThat(run("land", "raw.events=" + batch).exitCode()).isZero();
    Warehouse warehouse = DeltaWarehouses.atPath(dir.resolve("warehouse").toString());

    Outcome build = run("build");
    assertThat(build.exitCode()).as(build.out()).isEqualTo(1);
    assertThat(build.out()).contains("ERROR in marts.fct_amounts", "amount_below_2");
    assertThat(warehouse.exists(FCT)).isFalse();

    Outcome run = run("run", "--target-dir", dir.resolve("target").toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("OK    table marts.fct_amounts", "PASS=2 ERROR=0 SKIP=0 TOTAL=2")
        .doesNotContain("amount_below_2", "assert_amounts_below_2", "TESTS");
    assertThat(Tables.lines(warehouse.read(TestingSpark.session(), FCT), "event_id", "amount"))
        .containsExactly("a1|1", "b1|5");
    long published = warehouse.version(TestingSpark.session(), FCT).orElseThrow();

    Outcome again = run("run");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("UP TO DATE");

    // Unchanged inputs, but the table was published untested: build tests it, and still fails.
    Outcome rebuild = run("build");
    assertThat(rebuild.exitCode()).isEqualTo(1);
    assertThat(rebuild.out()).contains("ERROR in marts.fct_amounts", "amount_below_2");
    assertThat(warehouse.version(TestingSpark.session(), FCT)).contains(published);
  }

  @Test
  void testOptionsAreRefusedUnderRun() {
    Outcome run = run("run", "--store-failures");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--store-failures has no effect under 'strata run'", "strata build");
  }
}
