package io.strata.jobs.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.ReusedSubqueryExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.exchange.ReusedExchangeExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Measures one run: wall time, peak driver heap and resident memory, and the Spark metrics that
 * explain it (bytes and files scanned from the target table, all input bytes, shuffle bytes).
 *
 * <p>Task metrics come from a listener on the shared context; scans of the target from the physical
 * plans of finished SQL executions, so Delta's own jobs inside a MERGE are counted too.
 */
final class Probe extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final String target;
  private final AtomicLong inputBytes = new AtomicLong();
  private final AtomicLong shuffleBytes = new AtomicLong();
  private final AtomicLong spilledBytes = new AtomicLong();
  private final AtomicLong taskCpuNanos = new AtomicLong();
  private final Map<Long, SparkListenerSQLExecutionStart> started = new ConcurrentHashMap<>();
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong targetBytes = new AtomicLong();
  private final AtomicLong targetFiles = new AtomicLong();
  private final AtomicLong heapPeak = new AtomicLong();
  private final AtomicLong rssPeak = new AtomicLong();

  /** {@code STRATA_BENCH_TRACE} set: print each SQL execution of a run, for a closer look. */
  private static final boolean TRACE = System.getenv("STRATA_BENCH_TRACE") != null;

  private final long start;
  private final long startMillis;
  private final long startCpuNanos;
  private final long startGcMillis;
  private final Thread sampler;
  private volatile boolean sampling = true;

  private Probe(SparkSession spark, String target) {
    this.spark = spark;
    this.target = target;
    System.gc();
    spark.sparkContext().addSparkListener(this);
    sampler = new Thread(this::sample, "bench-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
    startCpuNanos = processCpuNanos();
    startGcMillis = gcMillis();
    start = System.nanoTime();
    startMillis = System.currentTimeMillis();
  }

  /** Starts measuring; {@code target} is the path prefix of the table whose scans are counted. */
  static Probe start(SparkSession spark, String target) {
    return new Probe(spark, target);
  }

  /** Stops measuring and returns the figures, after Spark has delivered every event. */
  Reading stop() {
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = startCpuNanos < 0 ? Double.NaN : (processCpuNanos() - startCpuNanos) / 1e9;
    double gcSeconds = (gcMillis() - startGcMillis) / 1e3;
    sampling = false;
    drain();
    spark.sparkContext().removeSparkListener(this);
    trace.forEach(System.out::println);
    return new Reading(
        seconds,
        heapPeak.get(),
        rssPeak.get(),
        targetBytes.get(),
        targetFiles.get(),
        inputBytes.get(),
        shuffleBytes.get(),
        spilledBytes.get(),
        cpuSeconds,
        taskCpuNanos.get() / 1e9,
        gcSeconds);
  }

  @Override
  public void close() {
    sampling = false;
    spark.sparkContext().removeSparkListener(this);
  }

  /**
   * What one run measured.
   *
   * @param cpuSeconds CPU time of the whole bench JVM during the run: the driver's planning, every
   *     task, garbage collection and compilation; {@code NaN} where the JVM does not report it
   * @param taskCpuSeconds CPU time of the run's tasks alone, as Spark's task metrics count it
   * @param gcSeconds time the JVM's collectors spent during the run
   */
  record Reading(
      double seconds,
      long heapPeakBytes,
      long rssPeakBytes,
      long targetBytesRead,
      long targetFilesRead,
      long inputBytes,
      long shuffleBytes,
      long spilledBytes,
      double cpuSeconds,
      double taskCpuSeconds,
      double gcSeconds) {
    /** A run measured from outside this JVM: its wall time alone. */
    static Reading wallOnly(double seconds) {
      return new Reading(seconds, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics metrics = taskEnd.taskMetrics();
    if (metrics == null) {
      return;
    }
    inputBytes.addAndGet(metrics.inputMetrics().bytesRead());
    shuffleBytes.addAndGet(metrics.shuffleReadMetrics().totalBytesRead());
    spilledBytes.addAndGet(metrics.diskBytesSpilled());
    taskCpuNanos.addAndGet(metrics.executorCpuTime());
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (TRACE && event instanceof SparkListenerSQLExecutionStart begin) {
      started.put(begin.executionId(), begin);
    }
    if (event instanceof SparkListenerSQLExecutionEnd finish) {
      if (TRACE) {
        traceExecution(finish);
      }
      if (finish.qe() != null) {
        countTargetScans(finish.qe().executedPlan());
      }
    }
  }

  private void countTargetScans(SparkPlan plan) {
    List<FileSourceScanExec> scans = new ArrayList<>();
    collectScans(plan, scans);
    for (FileSourceScanExec scan : scans) {
      if (readsTarget(scan)) {
        targetBytes.addAndGet(metric(scan, "filesSize"));
        targetFiles.addAndGet(metric(scan, "numFiles"));
      }
    }
  }

  /** One line per SQL execution: duration, start after the probe's, and where the code ran it. */
  private void traceExecution(SparkListenerSQLExecutionEnd finish) {
    SparkListenerSQLExecutionStart begin = started.remove(finish.executionId());
    if (begin == null) {
      return;
    }
    String site =
        begin
            .details()
            .lines()
            .filter(line -> line.contains("io.strata"))
            .findFirst()
            .orElse(begin.description());
    trace.add(
        String.format(
            "%7d ms at +%6d ms  %s",
            finish.time() - begin.time(), begin.time() - startMillis, site.trim()));
  }

  private boolean readsTarget(FileSourceScanExec scan) {
    for (org.apache.hadoop.fs.Path root :
        JavaConverters.seqAsJavaList(scan.relation().location().rootPaths())) {
      if (root.toUri().getPath().startsWith(target)) {
        return true;
      }
    }
    return false;
  }

  private static long metric(FileSourceScanExec scan, String name) {
    Option<SQLMetric> metric = scan.metrics().get(name);
    return metric.isDefined() ? metric.get().value() : 0L;
  }

  private static void collectScans(SparkPlan plan, List<FileSourceScanExec> scans) {
    if (plan instanceof FileSourceScanExec scan) {
      scans.add(scan);
    } else if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collectScans(adaptive.executedPlan(), scans);
    } else if (plan instanceof QueryStageExec stage) {
      collectScans(stage.plan(), scans);
    } else if (plan instanceof ReusedExchangeExec || plan instanceof ReusedSubqueryExec) {
      return;
    }
    for (SparkPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      collectScans(child, scans);
    }
    for (SparkPlan subquery : JavaConverters.seqAsJavaList(plan.subqueries())) {
      collectScans(subquery, scans);
    }
  }

  private void drain() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000L);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
  }

  private void sample() {
    Runtime runtime = Runtime.getRuntime();
    while (sampling) {
      heapPeak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
      rssPeak.accumulateAndGet(residentBytes(), Math::max);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** CPU time of every thread of this JVM so far; negative where the JVM does not report it. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : Long.MIN_VALUE;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
  }

  /** The process's resident set from {@code /proc/self/status}; 0 where there is none. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0L;
    }
    return 0L;
  }
}
