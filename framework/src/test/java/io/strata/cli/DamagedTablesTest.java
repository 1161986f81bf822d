package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.testing.Directories;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table damaged outside Strata (a commit file deleted or truncated, a data file or the whole log
 * deleted) fails with exit 4 naming it and the way back; {@code --full-refresh} rebuilds a model's
 * table whatever state it is in.
 */
class DamagedTablesTest {
  @TempDir Path dir;

  @TempDir static Path shared;

  /** The warehouse after two landings, each built: made once, copied by each test. */
  private static Path template;

  private Outcome run(String... args) {
    return run(dir, args);
  }

  private static Outcome run(Path in, String... args) {
    return TestingCli.run(in, EventsProject.class, args);
  }

  private static void land(Path in, String id, long amount) throws IOException {
    Path batch = in.resolve(id + ".jsonl");
    Files.writeString(batch, EventsFixture.event(id, amount, "2026-03-09T00:00:00Z"));
    assertThat(run(in, "land", "raw.events=" + batch).exitCode()).isZero();
  }

  /** Two builds, so that the tables have a commit before their newest; then a third landing. */
  private Path built() throws IOException {
    synchronized (DamagedTablesTest.class) {
      if (template == null) {
        TestingSpark.session();
        land(shared, "a1", 1);
        assertThat(run(shared, "build").exitCode()).isZero();
        land(shared, "b1", 2);
        assertThat(run(shared, "build").exitCode()).isZero();
        template = shared.resolve("warehouse");
      }
    }
    Directories.copy(template, dir.resolve("warehouse"));
    land(dir, "c1", 3);
    return dir.resolve("warehouse");
  }

  private static Path newestCommit(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("\\d{20}\\.json"))
          .max(Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  private void assertRefusedThenRebuilt(Outcome build, String model) {
    assertThat(build.exitCode()).isEqualTo(4);
    assertThat(build.out())
        .contains("Table 'marts." + model + "' is damaged")
        .contains("strata build " + model + " --full-refresh")
        .doesNotContain("\tat ");

    Outcome rebuilt = run("build", "--full-refresh");

    assertThat(rebuilt.exitCode()).as(rebuilt.out()).isZero();
    assertThat(
            Tables.lines(
                DeltaWarehouses.atPath(dir.resolve("warehouse").toString())
                    .read(TestingSpark.session(), EventsFixture.FCT),
                "event_id",
                "amount"))
        .containsExactly("a1|1", "b1|2", "c1|3");
    assertThat(run("build").exitCode()).isZero();
  }

  @Test
  void aTruncatedNewestCommitFileIsExit4AndFullRefreshRebuildsTheModel() throws IOException {
    Path commit = newestCommit(built().resolve("marts/fct_events"));
    try (RandomAccessFile file = new RandomAccessFile(commit.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }

    assertRefusedThenRebuilt(run("build"), "fct_events");
  }

  @Test
  void aDeletedNewestCommitFileIsExit4WithOrWithoutItsCrc() throws IOException {
    Files.delete(newestCommit(built().resolve("marts/fct_events")));

    assertRefusedThenRebuilt(run("build"), "fct_events");

    Path dim = newestCommit(dir.resolve("warehouse/marts/dim_groups"));
    Files.delete(dim);
    Files.delete(Path.of(dim.toString().replace(".json", ".crc")));
    Outcome build = run("build");
    assertThat(build.exitCode()).isEqualTo(4);
    assertThat(build.out())
        .contains("Table 'marts.dim_groups' is damaged: its newest commit file")
        .contains("strata build dim_groups --full-refresh");
    assertThat(run("build", "dim_groups", "--full-refresh").exitCode()).isZero();
    assertThat(
            Tables.lines(
                DeltaWarehouses.atPath(dir.resolve("warehouse").toString())
                    .read(TestingSpark.session(), EventsFixture.DIM),
                "grp",
                "amount"))
        .containsExactly("a|1", "b|2", "c|3");
  }

  @Test
  void aMissingDataFileIsExit4AndFullRefreshRebuildsTheModel() throws IOException {
    built();
    String[] files =
        DeltaWarehouses.atPath(dir.resolve("warehouse").toString())
            .read(TestingSpark.session(), EventsFixture.FCT)
            .inputFiles();
    Files.delete(Path.of(URI.create(files[0])));

    assertRefusedThenRebuilt(run("build"), "fct_events");
  }

  @Test
  void aDeletedDeltaLogOfAModelIsExit4AndFullRefreshRebuildsIt() throws IOException {
    deleteLog(built().resolve("marts/fct_events"));

    assertRefusedThenRebuilt(run("build"), "fct_events");
  }

  @Test
  void aDeletedDeltaLogOfARawTableIsExit4AndNothingLandsIntoANewTableOverIt() throws IOException {
    deleteLog(built().resolve("raw/events"));

    Outcome build = run("build");
    Path batch = dir.resolve("d1.jsonl");
    Files.writeString(batch, EventsFixture.event("d1", 4, "2026-03-09T00:00:00Z"));
    Outcome landing = run("land", "raw.events=" + batch);

    assertThat(build.exitCode()).isEqualTo(4);
    assertThat(build.out())
        .contains("Table 'raw.events' is damaged: its Delta log (_delta_log) is gone")
        .contains("restore its directory from a backup");
    assertThat(landing.exitCode()).isEqualTo(4);
    assertThat(landing.err()).startsWith("Error: Table 'raw.events' is damaged");
    assertThat(dir.resolve("warehouse/raw/events/_delta_log")).doesNotExist();
  }

  private static void deleteLog(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table.resolve("_delta_log"))) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
