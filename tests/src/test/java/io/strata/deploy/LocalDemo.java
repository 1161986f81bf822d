package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.JobsMain;
import io.strata.testing.Directories;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The reference the deployment tests compare with: the bundled demo's first two days, landed and
 * built day by day in local mode in this JVM, once per JVM; a copy of the first day's state is kept
 * for tests that start from it.
 */
final class LocalDemo {
  static final List<String> DAYS = List.of("day-01", "day-02");

  /** How many models a build of the reference project starts. */
  static final int MODELS =
      io.strata.graph.ProjectGraph.of(new io.strata.jobs.ReferenceProject()).ordered().size();

  private static final List<String> FEEDS = List.of("orders", "customers", "payments");
  private static final List<String> MARTS = List.of("marts/fct_orders", "marts/dim_customers");

  private static Path dir;
  private static Path warehouse;

  private LocalDemo() {}

  /** A copy of the bundled {@link #DAYS}, as {@code demo --samples} reads them. */
  static synchronized Path samples() {
    Path samples = directory().resolve("samples");
    if (!Files.isDirectory(samples)) {
      Path bundled = Scripts.root().resolve("jobs/src/main/resources/demo");
      for (String day : DAYS) {
        Directories.copy(bundled.resolve(day), samples.resolve(day));
      }
    }
    return samples;
  }

  /**
   * The warehouse the demo leaves in local mode after {@link #DAYS}: each day's feeds landed, then
   * built, as {@code demo} does.
   */
  static synchronized Path warehouse() {
    if (warehouse == null) {
      Path built = directory().resolve("warehouse-local");
      long t0 = System.nanoTime();
      land(built, 1);
      build(built);
      Directories.copy(built, directory().resolve("warehouse-day-01"));
      land(built, 2);
      build(built);
      System.out.printf(
          "LocalDemo wall time: 2 days landed and built in local mode, in-process %.1f s%n",
          (System.nanoTime() - t0) / 1e9);
      warehouse = built;
    }
    return warehouse;
  }

  /** Copies the warehouse as it was after the first day's build into {@code target}. */
  static void copyDayOne(Path target) {
    warehouse();
    Directories.copy(directory().resolve("warehouse-day-01"), target);
  }

  /** Lands the feeds of day {@code day} (1-based) of {@link #DAYS}, in this JVM. */
  static void land(Path warehouse, int day) {
    List<String> args = new ArrayList<>(List.of("land", "--warehouse", warehouse.toString()));
    for (String feed : FEEDS) {
      args.add("raw." + feed + "=" + samples().resolve(DAYS.get(day - 1)).resolve(feed + ".jsonl"));
    }
    assertThat(JobsMain.execute(args.toArray(String[]::new))).as("land day %d", day).isZero();
  }

  /** Builds every model, in this JVM. */
  static void build(Path warehouse) {
    assertThat(JobsMain.execute("build", "--warehouse", warehouse.toString())).isZero();
  }

  /** Asserts that {@code other}'s marts hold the reference's rows, audit columns aside. */
  static void assertSameMarts(Path other, String label) {
    SparkSession spark = TestingSpark.session();
    for (String mart : MARTS) {
      Dataset<Row> expected = businessColumns(spark, warehouse().resolve(mart));
      Dataset<Row> actual = businessColumns(spark, other.resolve(mart));
      long rows = expected.count();
      assertThat(rows).as(mart).isPositive();
      assertThat(actual.count()).as(label + ": " + mart + " rows").isEqualTo(rows);
      assertThat(Tables.checksum(actual))
          .as(label + ": " + mart + " checksum")
          .isEqualTo(Tables.checksum(expected));
      System.out.printf("%s %s: %d rows, same checksum as local mode%n", label, mart, rows);
    }
  }

  /** The mart without its load-time audit columns (_loaded_at differs between any two runs). */
  private static Dataset<Row> businessColumns(SparkSession spark, Path table) {
    Dataset<Row> rows = spark.read().format("delta").load(table.toString());
    String[] audit =
        Arrays.stream(rows.columns()).filter(c -> c.startsWith("_")).toArray(String[]::new);
    return rows.drop(audit);
  }

  private static Path directory() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("strata-local-demo");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
    }
    return dir;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("LocalDemo: could not delete " + root + ": " + e);
    }
  }
}
