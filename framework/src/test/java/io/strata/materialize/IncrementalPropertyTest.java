package io.strata.materialize;

import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.holdenkarau.spark.testing.DataframeGenerator;
import io.strata.quality.TestOptions;
import io.strata.run.BuildRequest;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalacheck.Gen;
import org.scalacheck.rng.Seed;
import scala.Option;

/**
 * An incremental model's table equals its full refresh however its rows arrive: random versions of
 * a few keys (drawn with spark-testing-base's row generator), with ties on the update time and on
 * the landing time and versions older than ones landed before, landed in a random order and
 * grouping, built after the first, the last and random other landings, with and without a lookback
 * and data tests. One fixed seed and a few random ones, printed so a failure can be replayed (set
 * {@code strata.property.seeds} to them).
 */
class IncrementalPropertyTest {
  private static final long FIXED_SEED = 20260310L;
  private static final int RANDOM_CASES = 2;
  private static final String[] KEYS = {"a1", "a2", "b1", "c1"};
  private static final Instant BASE = Instant.parse("2026-03-09T10:00:00Z");
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final String[] COLUMNS = {"event_id", "grp", "amount", "updated_at", "_loaded_at"};

  /** What the generator draws per version: which key, which amount, which of four times. */
  private static final StructType DRAWN =
      new StructType()
          .add("key", DataTypes.IntegerType, false)
          .add("amount", DataTypes.LongType, false)
          .add("hour", DataTypes.IntegerType, false);

  @TempDir Path dir;

  @Test
  void incrementalTableEqualsFullRefreshWhateverTheBatches() throws Exception {
    List<Long> seeds = seeds();
    System.out.println("IncrementalPropertyTest seeds: " + seeds);
    for (long seed : seeds) {
      check(seed, Files.createDirectories(dir.resolve("seed-" + seed)));
    }
  }

  private static List<Long> seeds() {
    String given = System.getProperty("strata.property.seeds", "");
    List<Long> seeds = new ArrayList<>();
    if (!given.isBlank()) {
      for (String seed : given.split(",")) {
        seeds.add(Long.parseLong(seed.trim()));
      }
      return seeds;
    }
    seeds.add(FIXED_SEED);
    Random random = new Random();
    for (int i = 0; i < RANDOM_CASES; i++) {
      seeds.add(random.nextLong());
    }
    return seeds;
  }

  private void check(long seed, Path caseDir) {
    // Mixed first: java.util.Random's first draws from a seed are poorly spread.
    Random random = new Random(new SplittableRandom(seed).nextLong());
    long started = System.nanoTime();
    List<String> versions = versions(seed, 6 + random.nextInt(5));
    Collections.shuffle(versions, random);
    Duration lookback = random.nextBoolean() ? Duration.ZERO : Duration.ofDays(1);
    // Tested or not, with or without a lookback: each MERGE path (see MergePath) lands the rows.
    boolean tested = random.nextBoolean();
    BuildRequest request =
        new BuildRequest(
            List.of("+fct_events"),
            List.of(),
            false,
            1,
            tested ? TestOptions.DEFAULT : TestOptions.SKIP);
    EventsFixture events = new EventsFixture(caseDir, lookback);
    List<List<String>> landings = grouped(versions, 2 + random.nextInt(2), random);
    Instant landedAt = DAY1;
    List<String> story = new ArrayList<>();
    for (int i = 0; i < landings.size(); i++) {
      if (i > 0 && random.nextInt(3) > 0) {
        landedAt = landedAt.plus(Duration.ofDays(1));
      }
      events.land(landedAt, landings.get(i).toArray(String[]::new));
      boolean last = i == landings.size() - 1;
      boolean built = i == 0 || last || random.nextBoolean();
      story.add(landedAt + " " + landings.get(i) + (built ? " built" : ""));
      if (built) {
        assertSucceeded(events.build(request, CommitHook.NONE));
      }
    }
    String description =
        String.format(
            "seed %d, lookback %s, %s, landings %s",
            seed, lookback, tested ? "tested" : "untested", story);
    long refreshStarted = System.nanoTime();
    System.out.println(description);
    List<String> incremental = Tables.lines(events.read(FCT), COLUMNS);

    assertSucceeded(events.build(request.withFullRefresh(), CommitHook.NONE));
    System.out.printf(
        "seed %d: %d s, the full refresh %d s%n",
        seed,
        Duration.ofNanos(System.nanoTime() - started).toSeconds(),
        Duration.ofNanos(System.nanoTime() - refreshStarted).toSeconds());

    assertThat(Tables.lines(events.read(FCT), COLUMNS)).as(description).isEqualTo(incremental);
    assertThat(incremental).as(description).hasSizeLessThanOrEqualTo(KEYS.length).isNotEmpty();
  }

  /** {@code count} versions as raw JSON lines, drawn from the row generator with {@code seed}. */
  private static List<String> versions(long seed, int count) {
    Gen<Row> generator = DataframeGenerator.getRowGenerator(DRAWN);
    Gen.Parameters parameters = defaultParameters();
    List<String> versions = new ArrayList<>();
    Seed next = Seed.apply(seed);
    while (versions.size() < count) {
      Option<Row> drawn = generator.apply(parameters, next);
      next = next.next();
      if (drawn.isDefined()) {
        Row row = drawn.get();
        String key = KEYS[Math.floorMod(row.getInt(0), KEYS.length)];
        long amount = Math.floorMod(row.getLong(1), 100L);
        // Four times a few hours apart: versions of a key often tie on it.
        Instant updated = BASE.plus(Duration.ofHours(Math.floorMod(row.getInt(2), 4)));
        versions.add(event(key, amount, updated.toString()));
      }
    }
    return versions;
  }

  /** The versions in {@code groups} consecutive non-empty landings. */
  private static List<List<String>> grouped(List<String> versions, int groups, Random random) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = 1; i < versions.size(); i++) {
      cuts.add(i);
    }
    Collections.shuffle(cuts, random);
    List<Integer> chosen = new ArrayList<>(cuts.subList(0, groups - 1));
    Collections.sort(chosen);
    chosen.add(versions.size());
    List<List<String>> landings = new ArrayList<>();
    int from = 0;
    for (int to : chosen) {
      landings.add(List.copyOf(versions.subList(from, to)));
      from = to;
    }
    return landings;
  }

  /** ScalaCheck's default parameters: {@code Gen.Parameters.default}, a Java keyword. */
  private static Gen.Parameters defaultParameters() {
    try {
      return (Gen.Parameters)
          Gen.Parameters$.class.getMethod("default").invoke(Gen.Parameters$.MODULE$);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
