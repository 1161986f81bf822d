package io.strata.cli;

import static io.strata.testing.EventsFixture.DIM;
import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.TableName;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata optimize} and {@code strata vacuum} over the events fixture's Delta tables. */
class MaintenanceCommandsTest {
  private static final String[] FCT_COLUMNS = {"event_id", "grp", "amount", "updated_at"};

  @TempDir Path dir;

  private Outcome run(String... args) {
    return TestingCli.run(dir, EventsProject.class, args);
  }

  /** Lands and builds one batch a day: each MERGE adds a small file to each group's partition. */
  private EventsFixture builtOverDays(int days) {
    EventsFixture events = new EventsFixture(dir);
    for (int day = 1; day <= days; day++) {
      String updated = "2026-03-0" + day + "T00:00:00Z";
      events.land(
          Instant.parse(updated).plusSeconds(3600),
          event("a" + day, day, updated),
          event("b" + day, 10 * day, updated));
      RunResult build = events.build();
      assertThat(build.succeeded()).as(build.toString()).isTrue();
    }
    return events;
  }

  /** Parquet data files under a table's directory, referenced or not. */
  private long parquetFiles(TableName table) throws IOException {
    Path root = dir.resolve("warehouse").resolve(table.layer().id()).resolve(table.table());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log"))
          .count();
    }
  }

  @Test
  void optimizeCompactsSmallFilesAndKeepsRows() {
    TestingSpark.session();
    new EventsFixture(dir).land(Instant.now(), event("z1", 1, "2026-03-01T00:00:00Z"));
    Outcome nothingBuilt = run("optimize");
    assertThat(nothingBuilt.exitCode()).as(nothingBuilt.err()).isZero();
    assertThat(nothingBuilt.out())
        .contains("SKIP     marts.fct_events: not built yet")
        .contains("SKIP     marts.dim_groups: not built yet")
        .doesNotContain("stg_events");

    EventsFixture events = builtOverDays(2);
    long filesBefore = events.warehouse().detail(EventsFixture.spark(), FCT).files();
    List<String> rowsBefore = Tables.lines(events.read(FCT), FCT_COLUMNS);

    Outcome optimize = run("optimize");

    assertThat(optimize.exitCode()).as(optimize.out() + optimize.err()).isZero();
    long filesAfter = events.warehouse().detail(EventsFixture.spark(), FCT).files();
    assertThat(filesAfter).isLessThan(filesBefore);
    assertThat(optimize.out())
        .contains("OPTIMIZE marts.fct_events: files " + filesBefore + " -> " + filesAfter)
        .contains("OPTIMIZE marts.dim_groups: ");
    assertThat(events.warehouse().history(EventsFixture.spark(), FCT, 1).get(0).operation())
        .isEqualTo("OPTIMIZE");
    assertThat(Tables.lines(events.read(FCT), FCT_COLUMNS)).isEqualTo(rowsBefore);
    assertThat(rowsBefore).hasSize(5);

    Outcome zorder = run("optimize", "fct_events", "--zorder-by", "amount,event_id");
    assertThat(zorder.exitCode()).as(zorder.out() + zorder.err()).isZero();
    assertThat(zorder.out()).contains("OPTIMIZE marts.fct_events: ").doesNotContain("dim_groups");
    assertThat(Tables.lines(events.read(FCT), FCT_COLUMNS)).isEqualTo(rowsBefore);
  }

  @Test
  void zOrderByAColumnOutsideTheTableOrAPartitionColumnIsRefused() {
    EventsFixture events = builtOverDays(1);
    long version = events.version(FCT);

    Outcome missing = run("optimize", "fct_events", "--zorder-by", "amount,nope");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains("Cannot Z-order model 'marts.fct_events' by 'nope': the table has no such column")
        .contains("[event_id, amount, updated_at, _loaded_at]");

    Outcome partition = run("optimize", "--zorder-by", "grp");
    assertThat(partition.exitCode()).isEqualTo(2);
    assertThat(partition.err()).contains("by 'grp': it is a partition column");
    assertThat(events.version(FCT)).isEqualTo(version);
  }

  @Test
  void retentionBelowSevenDaysNeedsForce() {
    Outcome vacuum = run("vacuum", "--retain", "1h");

    assertThat(vacuum.exitCode()).isEqualTo(2);
    assertThat(vacuum.err())
        .contains("Refusing to vacuum with --retain 1h, below the 7 days (168h) minimum")
        .contains("running readers or time travel still need", "--force");

    Outcome days = run("vacuum", "--retain", "6d", "--dry-run");
    assertThat(days.exitCode()).isEqualTo(2);
    assertThat(days.err()).contains("--retain 6d");

    Outcome malformed = run("vacuum", "--retain", "2w");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("Invalid --retain '2w'", "168h, 7d or 30d");
  }

  @Test
  void vacuumDeletesTheFilesAnOverwriteLeftBehind() throws IOException {
    EventsFixture events = builtOverDays(2);
    long referenced = events.warehouse().detail(EventsFixture.spark(), DIM).files();
    long onDisk = parquetFiles(DIM);
    assertThat(onDisk).isGreaterThan(referenced);
    List<String> rows = Tables.lines(events.read(DIM), "grp", "events", "amount");

    Outcome kept = run("vacuum", "--include-sources");
    assertThat(kept.exitCode()).as(kept.out() + kept.err()).isZero();
    assertThat(kept.out())
        .contains("VACUUM   raw.events: deleted 0 files")
        .contains("VACUUM   marts.dim_groups: deleted 0 files");
    assertThat(parquetFiles(DIM)).isEqualTo(onDisk);

    Outcome dryRun = run("vacuum", "dim_groups", "--retain", "0h", "--force", "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains(
            "VACUUM   marts.dim_groups: would delete "
                + Maintenance.files(onDisk - referenced)
                + " (dry run)");
    assertThat(parquetFiles(DIM)).isEqualTo(onDisk);

    Outcome vacuum = run("vacuum", "dim_groups", "--retain", "0h", "--force");
    assertThat(vacuum.exitCode()).as(vacuum.out() + vacuum.err()).isZero();
    assertThat(vacuum.out())
        .contains("VACUUM   marts.dim_groups: deleted " + Maintenance.files(onDisk - referenced))
        .doesNotContain("fct_events", "raw.events");
    assertThat(parquetFiles(DIM)).isEqualTo(referenced);
    assertThat(Tables.lines(events.read(DIM), "grp", "events", "amount")).isEqualTo(rows);
    assertThat(
            EventsFixture.spark()
                .conf()
                .contains("spark.databricks.delta.retentionDurationCheck.enabled"))
        .isFalse();

    events
        .warehouse()
        .setProperty(
            EventsFixture.spark(), DIM, "delta.deletedFileRetentionDuration", "interval 30 days");
    Outcome belowTable = run("vacuum", "dim_groups", "--retain", "7d");
    assertThat(belowTable.exitCode()).as(belowTable.out() + belowTable.err()).isEqualTo(2);
    assertThat(belowTable.err())
        .contains("Delta refused to vacuum 'marts.dim_groups' with --retain 168h", "--force");
  }
}
