package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's second build on a real Spark standalone cluster (submit-scripts/local-cluster: one
 * master and one worker on 127.0.0.1, executors in their own JVMs) through
 * submit-scripts/spark-submit, with the executor JVM killed mid-build, compared with the same demo
 * in local mode. The first day's state and the second day's landing come from local mode ({@link
 * LocalDemo}), so the cluster runs the incremental build, MERGEs included.
 *
 * <p>Needs the job jar and jobs/target/platform-jars, which the reactor builds before this module.
 * The cluster uses free ports rather than 7077/8090/8091 so that it cannot collide with a cluster
 * someone already runs on this machine; it is stopped (by its pid files) even when the test fails.
 */
class LocalClusterTest {
  private static final String JAR_NAME = "strata-jobs.jar";
  private static final String EXECUTOR_MAIN =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  @TempDir Path dir;
  private Path jar;
  private Map<String, String> env;

  @BeforeEach
  void requireJars() throws IOException {
    Path root = Scripts.root();
    Path built = Scripts.jobJar();
    Path platform = root.resolve("jobs/target/platform-jars");
    assertThat(platform)
        .as("built by the jobs module's package phase: ./mvnw -B -q -pl jobs -am package")
        .isDirectory();
    Assumptions.assumeTrue(Scripts.onPath("curl"), "skipped: local-cluster start needs curl");
    // A private copy: another build may rewrite jobs/target while the driver reads the jar.
    jar = Files.copy(built, dir.resolve(JAR_NAME));
    // Local mode first: it runs in this JVM from the test classpath, and loading those classes
    // early narrows the window in which a concurrent `mvn install` elsewhere can swap the jars.
    LocalDemo.warehouse();
  }

  @AfterEach
  void stopCluster() {
    if (env != null && Files.exists(Path.of(env.get("STRATA_CLUSTER_DIR")).resolve("master.pid"))) {
      System.out.println(cluster(env, "stop").output());
    }
  }

  @Test
  void aBuildSurvivesTheExecutorJvmBeingKilledAndMatchesLocalMode() throws Exception {
    env = newCluster();
    Path warehouse = dir.resolve("warehouse-cluster");
    LocalDemo.copyDayOne(warehouse);
    LocalDemo.land(warehouse, 2);
    Path log = dir.resolve("build-cluster.log");
    long t0 = System.nanoTime();
    Scripts.Result start = cluster(env, "start");
    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(cluster(env, "status").exitCode()).isZero();
    System.out.printf("LocalClusterTest wall time: local-cluster start %.1f s%n", seconds(t0));
    long workerPid =
        Long.parseLong(
            Files.readString(Path.of(env.get("STRATA_CLUSTER_DIR")).resolve("worker.pid")).trim());
    Process build = null;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(buildOnCluster(warehouse))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().remove("STRATA_PROFILE");
      long t1 = System.nanoTime();
      build = builder.start();
      assertThat(build.info().commandLine())
          .hasValueSatisfying(c -> assertThat(c).contains(Scripts.SHORT_RUN_JIT));

      ProcessHandle executor = executorDuringTheBuild(build, workerPid, log);
      assertThat(executor.destroyForcibly()).isTrue();
      executor.onExit().get(30, TimeUnit.SECONDS);
      System.out.printf(
          "LocalClusterTest: killed executor JVM pid %d %.1f s into the build%n",
          executor.pid(), seconds(t1));

      assertThat(build.waitFor(10, TimeUnit.MINUTES)).as("build finished").isTrue();
      String output = Files.readString(log);
      System.out.printf(
          "LocalClusterTest wall time: the second day's build on the cluster via spark-submit"
              + " (executor killed) %.1f s%n",
          seconds(t1));
      assertThat(build.exitValue()).as(output).isZero();
      assertThat(output).contains("Finished " + LocalDemo.MODELS + " models");
      // The driver saw the loss and re-ran what was lost on the replacement executor.
      assertThat(output).contains("Lost executor");
      output
          .lines()
          .filter(l -> l.contains("Lost executor") || l.contains("Lost task"))
          .limit(5)
          .forEach(l -> System.out.println("LocalClusterTest driver log: " + l));

      // Executors ran in their own JVMs, launched by the worker, with the job jar shipped to them;
      // the worker launched a replacement for the one killed (a second executor directory).
      List<Path> executors = executorDirs();
      assertThat(executors).hasSizeGreaterThanOrEqualTo(2);
      Path stderr = executors.get(0).resolve("stderr");
      assertThat(stderr).isRegularFile();
      assertThat(Files.readString(stderr)).contains(EXECUTOR_MAIN).contains(Scripts.SHORT_RUN_JIT);
      assertThat(executors.get(0).resolve(JAR_NAME)).isRegularFile();
    } finally {
      if (build != null && build.isAlive()) {
        build.destroyForcibly().waitFor();
      }
      stopAndCheck();
    }
    LocalDemo.assertSameMarts(warehouse, "LocalClusterTest");
  }

  /** The executor JVM the worker launched, once the build has started its first model. */
  private static ProcessHandle executorDuringTheBuild(Process build, long workerPid, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    Optional<ProcessHandle> executor = Optional.empty();
    while (executor.isEmpty() && build.isAlive() && System.nanoTime() < deadline) {
      if (Files.readString(log).contains("START ")) {
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
        .as("an executor JVM during the build\n" + Files.readString(log))
        .isPresent();
    return executor.get();
  }

  /** The environment of a new cluster: its own directory and free ports. */
  private Map<String, String> newCluster() throws IOException {
    int[] ports = freePorts(3);
    Map<String, String> cluster = new HashMap<>();
    cluster.put("STRATA_CLUSTER_DIR", dir.resolve("cluster").toString());
    cluster.put("SPARK_MASTER_PORT", Integer.toString(ports[0]));
    cluster.put("SPARK_MASTER_WEBUI_PORT", Integer.toString(ports[1]));
    cluster.put("SPARK_WORKER_WEBUI_PORT", Integer.toString(ports[2]));
    cluster.put("SPARK_HOME", null);
    cluster.put("STRATA_PROFILE", null);
    return cluster;
  }

  private Scripts.Result cluster(Map<String, String> cluster, String command) {
    return Scripts.run(
        List.of(Scripts.script("local-cluster").toString(), command),
        cluster,
        dir,
        Duration.ofMinutes(3));
  }

  private List<String> buildOnCluster(Path warehouse) {
    return List.of(
        Scripts.script("spark-submit").toString(),
        "--master",
        "spark://127.0.0.1:" + env.get("SPARK_MASTER_PORT"),
        "--driver-java-options",
        Scripts.SHORT_RUN_JIT,
        "--conf",
        "spark.executor.extraJavaOptions=" + Scripts.SHORT_RUN_JIT,
        "--class",
        "io.strata.jobs.JobsMain",
        jar.toString(),
        "build",
        "--warehouse",
        warehouse.toString());
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

  /** Executor directories app-ID/EXECUTOR-ID under the worker's work dir. */
  private List<Path> executorDirs() throws IOException {
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

  private void stopAndCheck() {
    Scripts.Result stop = cluster(env, "stop");
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    Path clusterDir = Path.of(env.get("STRATA_CLUSTER_DIR"));
    assertThat(clusterDir.resolve("master.pid")).doesNotExist();
    assertThat(clusterDir.resolve("worker.pid")).doesNotExist();
    assertThat(cluster(env, "status").exitCode()).isEqualTo(3);
  }
}
