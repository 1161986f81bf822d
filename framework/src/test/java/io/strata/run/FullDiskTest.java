package io.strata.run;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import io.strata.materialize.CommitHook;
import io.strata.model.TableName;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk stops the build with one line, and the table being written stays as it was. */
class FullDiskTest {
  private static final Instant LANDED = Instant.parse("2026-03-10T06:00:00Z");

  @TempDir Path dir;

  /** Fails the write of one table as Spark reports a task that found the disk full. */
  private static final class FullDiskAt implements CommitHook {
    private final TableName table;

    FullDiskAt(TableName table) {
      this.table = table;
    }

    @Override
    public void beforeCommit(TableName committing) {
      if (committing.equals(table)) {
        FullDiskTest.<RuntimeException>sneaky(
            new SparkException(
                "Job aborted due to stage failure: Task 0 in stage 12.0 failed 1 times",
                new SparkException(
                    "[TASK_WRITE_FAILED] Task failed while writing rows to /data/warehouse/marts/"
                        + table.table()
                        + ".",
                    new IOException("No space left on device"))));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneaky(Throwable error) throws E {
    throw (E) error;
  }

  @Test
  void aFullDiskStopsTheBuildWithOneLineAndTheTableStaysAsItWas() {
    EventsFixture events = new EventsFixture(dir);
    events.land(LANDED, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();
    long fct = events.version(EventsFixture.FCT);
    long dim = events.version(EventsFixture.DIM);
    events.land(LANDED.plusSeconds(60), event("b1", 2, "2026-03-09T00:00:00Z"));

    StrataException full =
        catchThrowableOfType(
            () -> events.build(BuildRequest.all(), new FullDiskAt(EventsFixture.FCT)),
            StrataException.class);

    assertThat(full.kind()).isEqualTo(ErrorKind.DISK_FULL);
    assertThat(full.exitCode()).isEqualTo(5);
    assertThat(full.getMessage())
        .startsWith(
            "The disk is full (No space left on device, writing /data/warehouse/marts/fct_events)"
                + " while building model 'fct_events'")
        .contains("Nothing of that write was published")
        .doesNotContain("\n");
    assertThat(events.version(EventsFixture.FCT)).isEqualTo(fct);
    assertThat(events.version(EventsFixture.DIM)).isEqualTo(dim);
    assertThat(Tables.lines(events.read(EventsFixture.FCT), "event_id")).containsExactly("a1");
  }
}
