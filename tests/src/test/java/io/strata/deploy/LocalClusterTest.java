package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.JobsMain;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo on a real Spark standalone cluster (submit-scripts/local-cluster: one master and one
 * worker on 127.0.0.1, executors in their own JVMs) through submit-scripts/spark-submit, compared
 * with the same demo in local mode; then again with the executor JVM killed mid-build. Two of the
 * bundled sample days keep it short.
 *
 * <p>Needs the job jar and jobs/target/platform-jars, which the reactor builds before this module.
 * Each cluster uses free ports rather than 7077/8090/8091 so that it cannot collide with a cluster
 * someone already runs on this machine; it is stopped (by its pid files) even when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {
  private static final String JAR_NAME = "strata-jobs-0.1.0-SNAPSHOT.jar";
  private static final List<String> MARTS = List.of("marts/fct_orders", "marts/dim_customers");
  private static final String EXECUTOR_MAIN =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  @TempDir static Path dir;
  private Path jar;
  private Path samples;
  private Path localWarehouse;
  private final List<Map<String, String>> clusters = new ArrayList<>();

  @BeforeAll
  void requireJars() throws IOException {
    Path root = Scripts.root();
    jar = root.resolve("jobs/target").resolve(JAR_NAME);
    Path platform = root.resolve("jobs/target/platform-jars");
    Assumptions.assumeTrue(
        Files.isRegularFile(jar) && Files.isDirectory(platform),
        "skipped: needs "
            + jar
            + " and "
            + platform
            + " (built by the jobs module's package phase: ./mvnw -B -q -pl jobs -am package"
            + " -DskipTests)");
    Assumptions.assumeTrue(Scripts.onPath("curl"), "skipped: local-cluster start needs curl");
    // A private copy: another build may rewrite jobs/target while the driver reads the jar.
    jar = Files.copy(jar, dir.resolve(JAR_NAME));

    samples = dir.resolve("samples");
    Path bundled = root.resolve("jobs/src/main/resources/demo");
    for (String day : List.of("day-01", "day-02")) {
      try (Stream<Path> files = Files.list(bundled.resolve(day))) {
        for (Path file : files.toList()) {
          Path target = samples.resolve(day).resolve(file.getFileName());
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
    }
    // Local mode first: it runs in this JVM from the test classpath, and loading those classes
    // early narrows the window in which a concurrent `mvn install` elsewhere can swap the jars.
    localWarehouse();
  }

  @AfterAll
  void stopClusters() {
    for (Map<String, String> env : clusters) {
      System.out.println(cluster(env, "stop").output());
    }
  }

  /** The environment of a new cluster: its own directory and free ports. */
  private Map<String, String> newCluster(String name) throws IOException {
    int[] ports = freePorts(3);
    Map<String, String> env = new HashMap<>();
    env.put("STRATA_CLUSTER_DIR", dir.resolve(name).toString());
    env.put("SPARK_MASTER_PORT", Integer.toString(ports[0]));
    env.put("SPARK_MASTER_WEBUI_PORT", Integer.toString(ports[1]));
    env.put("SPARK_WORKER_WEBUI_PORT", Integer.toString(ports[2]));
    env.put("SPARK_HOME", null);
    env.put("STRATA_PROFILE", null);
    clusters.add(env);
    return env;
  }

  private static Scripts.Result cluster(Map<String, String> env, String command) {
    return Scripts.run(
        List.of(Scripts.script("local-cluster").toString(), command),
        env,
        dir,
        Duration.ofMinutes(3));
  }

  private List<String> demoOnCluster(Map<String, String> env, Path warehouse) {
    return List.of(
        Scripts.script("spark-submit").toString(),
        "--master",
        "spark://127.0.0.1:" + env.get("SPARK_MASTER_PORT"),
        "--class",
        "io.strata.jobs.JobsMain",
        jar.toString(),
        "demo",
        "--warehouse",
        warehouse.toString(),
        "--samples",
        samples.toString());
  }

  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    return ports;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The same demo in local mode, in this JVM (once for the class). */
  private Path localWarehouse() {
    if (localWarehouse == null) {
      Path warehouse = dir.resolve("warehouse-local");
      long t0 = System.nanoTime();
      int code =
          JobsMain.execute(
              "demo",
              "--warehouse",
              warehouse.toString(),
              "--samples",
              samples.toString(),
              "--rows",
              "1");
      assertThat(code).isZero();
      System.out.printf(
          "LocalClusterTest wall time: demo in local mode, in-process (2 days) %.1f s%n",
          seconds(t0));
      localWarehouse = warehouse;
    }
    return localWarehouse;
  }

  private void assertSameMarts(Path clusterWarehouse) {
    Path local = localWarehouse();
    SparkSession spark = TestingSpark.session();
    for (String mart : MARTS) {
      Dataset<Row> expected = businessColumns(spark, local.resolve(mart));
      Dataset<Row> actual = businessColumns(spark, clusterWarehouse.resolve(mart));
      long rows = expected.count();
      assertThat(rows).as(mart).isPositive();
      assertThat(actual.count()).as(mart + " rows").isEqualTo(rows);
      assertThat(Tables.checksum(actual))
          .as(mart + " checksum")
          .isEqualTo(Tables.checksum(expected));
      System.out.printf("LocalClusterTest %s: %d rows, same checksum as local mode%n", mart, rows);
    }
  }

  /** The mart without its load-time audit columns (_loaded_at differs between any two runs). */
  static Dataset<Row> businessColumns(SparkSession spark, Path table) {
    Dataset<Row> rows = spark.read().format("delta").load(table.toString());
    String[] audit =
        Arrays.stream(rows.columns()).filter(c -> c.startsWith("_")).toArray(String[]::new);
    return rows.drop(audit);
  }

  /** Executor directories app-ID/EXECUTOR-ID under the worker's work dir. */
  private static List<Path> executorDirs(Map<String, String> env) throws IOException {
    Path work = Path.of(env.get("STRATA_CLUSTER_DIR")).resolve("work");
    try (Stream<Path> apps = Files.list(work)) {
      return apps.filter(p -> p.getFileName().toString().startsWith("app-"))
          .flatMap(LocalClusterTest::children)
          .sorted()
          .toList();
    }
  }

  private static Stream<Path> children(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stopAndCheck(Map<String, String> env) {
    Scripts.Result stop = cluster(env, "stop");
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    Path clusterDir = Path.of(env.get("STRATA_CLUSTER_DIR"));
    assertThat(clusterDir.resolve("master.pid")).doesNotExist();
    assertThat(clusterDir.resolve("worker.pid")).doesNotExist();
    assertThat(cluster(env, "status").exitCode()).isEqualTo(3);
  }

  @Test
  @Order(1)
  void demoOnTheStandaloneClusterMatchesLocalMode() throws IOException {
    Map<String, String> env = newCluster("cluster");
    Path warehouse = dir.resolve("warehouse-cluster");

    long t0 = System.nanoTime();
    Scripts.Result start = cluster(env, "start");
    double startSeconds = seconds(t0);
    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(cluster(env, "status").exitCode()).isZero();
    try {
      long t1 = System.nanoTime();
      Scripts.Result demo =
          Scripts.run(demoOnCluster(env, warehouse), env, dir, Duration.ofMinutes(10));
      System.out.printf(
          "LocalClusterTest wall times: local-cluster start %.1f s; demo on the standalone cluster"
              + " via spark-submit (2 days) %.1f s%n",
          startSeconds, seconds(t1));
      assertThat(demo.exitCode()).as(demo.tail(80)).isZero();
      assertThat(demo.output()).contains("== day-02 ==").contains("Warehouse left at");

      // Executors ran in their own JVMs, launched by the worker, with the job jar shipped to them.
      List<Path> executors = executorDirs(env);
      assertThat(executors).isNotEmpty();
      Path stderr = executors.get(0).resolve("stderr");
      assertThat(stderr).isRegularFile();
      assertThat(Files.readString(stderr)).contains(EXECUTOR_MAIN);
      assertThat(executors.get(0).resolve(JAR_NAME)).isRegularFile();
    } finally {
      stopAndCheck(env);
    }
    assertSameMarts(warehouse);
  }

  @Test
  @Order(2)
  void demoSurvivesTheExecutorJvmBeingKilled() throws Exception {
    Map<String, String> env = newCluster("cluster-fault");
    Path warehouse = dir.resolve("warehouse-fault");
    Path log = dir.resolve("demo-fault.log");
    Scripts.Result start = cluster(env, "start");
    assertThat(start.exitCode()).as(start.output()).isZero();
    long workerPid =
        Long.parseLong(
            Files.readString(Path.of(env.get("STRATA_CLUSTER_DIR")).resolve("worker.pid")).trim());
    Process demo = null;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(demoOnCluster(env, warehouse))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().remove("STRATA_PROFILE");
      long t0 = System.nanoTime();
      demo = builder.start();

      // Once day-02 is being landed and built, SIGKILL the executor JVM the worker launched.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      Optional<ProcessHandle> executor = Optional.empty();
      while (executor.isEmpty() && demo.isAlive() && System.nanoTime() < deadline) {
        if (Files.readString(log).contains("== day-02 ==")) {
          executor =
              ProcessHandle.of(workerPid).stream()
                  .flatMap(ProcessHandle::descendants)
                  .filter(
                      p -> p.info().commandLine().map(c -> c.contains(EXECUTOR_MAIN)).orElse(false))
                  .findFirst();
        }
        if (executor.isEmpty()) {
          Thread.sleep(200);
        }
      }
      assertThat(executor)
          .as("an executor JVM during day-02\n" + Files.readString(log))
          .isPresent();
      Thread.sleep(2000);
      assertThat(executor.get().destroyForcibly()).isTrue();
      executor.get().onExit().get(30, TimeUnit.SECONDS);
      System.out.printf(
          "LocalClusterTest: killed executor JVM pid %d %.1f s into the demo%n",
          executor.get().pid(), seconds(t0));

      assertThat(demo.waitFor(10, TimeUnit.MINUTES)).as("demo finished").isTrue();
      String output = Files.readString(log);
      System.out.printf(
          "LocalClusterTest wall time: demo on the cluster with the executor killed %.1f s%n",
          seconds(t0));
      assertThat(demo.exitValue()).as(output).isZero();
      // The driver saw the loss (and re-ran what was lost on the replacement executor).
      assertThat(output).contains("Lost executor");
      output
          .lines()
          .filter(l -> l.contains("Lost executor") || l.contains("Lost task"))
          .limit(5)
          .forEach(l -> System.out.println("LocalClusterTest driver log: " + l));
      // The worker launched a replacement executor (a second executor directory).
      assertThat(executorDirs(env)).hasSizeGreaterThanOrEqualTo(2);
    } finally {
      if (demo != null && demo.isAlive()) {
        demo.destroyForcibly().waitFor();
      }
      stopAndCheck(env);
    }
    assertSameMarts(warehouse);
  }
}
