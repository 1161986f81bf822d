package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A landing reads exactly what it is given: one JSON object per line, nothing after it. */
class LandingInputTest {
  @TempDir Path dir;

  private Outcome run(String... args) {
    return TestingCli.run(dir, EventsProject.class, args);
  }

  private Path file() throws IOException {
    Path file = dir.resolve("events.jsonl");
    String a1 = EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z");
    String a2 = EventsFixture.event("a2", 2, "2026-03-09T00:00:00Z");
    String a3 = EventsFixture.event("a3", 3, "2026-03-09T00:00:00Z");
    Files.writeString(file, String.join("\n", a1, a2 + " " + a3, a3 + " garbage") + "\n");
    return file;
  }

  @Test
  void aLineWithTwoObjectsOrTextAfterItsObjectIsABadRecordAndNothingLands() throws IOException {
    TestingSpark.session();
    Path file = file();

    Outcome land = run("land", "raw.events=" + file);

    assertThat(land.exitCode()).isEqualTo(4);
    assertThat(land.err()).contains("Malformed record in '" + file + "' at line 2");
    assertThat(
            DeltaWarehouses.atPath(dir.resolve("warehouse").toString()).exists(EventsFixture.RAW))
        .isFalse();
  }

  @Test
  void setAsideTheyLeaveOnlyTheWholeLines() throws IOException {
    TestingSpark.session();
    Path file = file();

    Outcome land =
        run("land", "raw.events=" + file, "--bad-records", dir.resolve("bad").toString());

    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out()).contains("Landed 1 rows into raw.events", "2 bad records set aside");
  }

  @Test
  void aRawTableNotLandedYetNamesTheLandingThatFillsIt() throws IOException {
    TestingSpark.session();
    Files.createDirectories(dir.resolve("warehouse"));

    Outcome query = run("query", "SELECT * FROM raw.events");

    assertThat(query.exitCode()).isEqualTo(4);
    assertThat(query.err())
        .contains("Land data into it first: strata land raw.events=FILE.jsonl")
        .doesNotContain("strata build");
  }

  @Test
  void anEmptyFileLandsNothingAndWritesNoFile() throws IOException {
    TestingSpark.session();
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));

    Outcome land = run("land", "raw.events=" + empty);

    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out()).contains("Nothing landed into raw.events from " + empty);
    assertThat(dir.resolve("warehouse/raw/events")).doesNotExist();
  }
}
