package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive: the first Spark command of a job jar writes it under a
 * temporary name, the next one promotes it and maps it; a partial one, one left beside the promoted
 * archive and an earlier build's are deleted; and none of this prints anything.
 */
class LauncherCdsTest {
  /** strata-PLACE-TIME-SIZE: the jar's path checksum, modification time and size. */
  private static final String DUMPED = "strata-\\d+-\\d+-\\d+\\.jsa\\.\\d+\\.tmp";

  private static final String PROMOTED = "strata-\\d+-\\d+-\\d+\\.jsa";

  @TempDir Path dir;

  private Scripts.Result query(Path cds) throws IOException {
    Files.createDirectories(dir.resolve("warehouse"));
    Scripts.Result result =
        Scripts.run(
            List.of(
                Scripts.script("strata").toString(),
                "query",
                "SELECT 40 + 2 AS answer",
                "--format",
                "csv",
                "--warehouse",
                dir.resolve("warehouse").toString()),
            // -Xshare:on: a JVM that cannot map its archive fails to start instead of going on.
            Map.of(
                "STRATA_CDS_DIR",
                cds.toString(),
                "STRATA_JVM_OPTS",
                "-Xshare:on " + Scripts.SHORT_RUN_JIT),
            dir,
            Duration.ofMinutes(3));
    assertThat(result.exitCode()).as(result.tail(30)).isZero();
    assertThat(result.output()).contains("42").doesNotContain("[cds]").doesNotContain("CDS");
    return result;
  }

  private static List<String> names(Path cds) throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFirstRunWritesTheArchiveTheNextPromotesItAndStaleOnesAreDeleted() throws IOException {
    Path cds = dir.resolve("cds");

    query(cds);
    assertThat(names(cds)).singleElement().asString().matches(DUMPED);

    String dumped = names(cds).get(0);
    Files.writeString(
        cds.resolve(dumped.replaceAll("\\.\\d+\\.tmp$", ".999998.tmp")),
        "a second run's archive, from a run that ended while the first one's was written");
    query(cds);
    assertThat(names(cds)).singleElement().asString().matches(PROMOTED);

    Path archive = cds.resolve(names(cds).get(0));
    Path partial = cds.resolve(archive.getFileName() + ".999999.tmp");
    String place = archive.getFileName().toString().split("-")[1];
    Path earlierBuild = cds.resolve("strata-" + place + "-1-1.jsa");
    Files.delete(archive);
    Files.writeString(partial, "cut short by a killed run");
    Files.writeString(earlierBuild, "an earlier build of the jar");
    query(cds);
    assertThat(partial).doesNotExist();
    assertThat(earlierBuild).doesNotExist();
    assertThat(names(cds)).singleElement().asString().matches(DUMPED);
  }
}
