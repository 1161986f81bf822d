package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.config.ShufflePartitions;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.error.ErrorKind;
import io.strata.error.Errors;
import io.strata.error.Faults;
import io.strata.error.StrataException;
import io.strata.graph.ProjectGraph;
import io.strata.graph.Selection;
import io.strata.materialize.BuildOutcome;
import io.strata.materialize.CodeChangePolicy;
import io.strata.materialize.CommitHook;
import io.strata.materialize.DeferredTests;
import io.strata.materialize.ModelBuilder;
import io.strata.materialize.Relations;
import io.strata.materialize.RunSnapshot;
import io.strata.materialize.SingularGate;
import io.strata.materialize.SingularTestRunner;
import io.strata.materialize.TestMemo;
import io.strata.model.ModelSpec;
import io.strata.model.SingularTest;
import io.strata.model.SourceSpec;
import io.strata.model.TableName;
import io.strata.quality.AuditFailure;
import io.strata.quality.FreshnessChecker;
import io.strata.quality.FreshnessResult;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.session.SparkSessions;
import io.strata.warehouse.Warehouse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the selected models in dependency order, up to {@code threads} at once.
 *
 * <p>A model that fails skips everything downstream of it and nothing else: independent branches
 * still build, and every model's status is returned. That holds whatever the model throws, in its
 * transform on the driver or in a function on an executor: its result names the exception and its
 * message, never a stack trace. A damaged table fails the models that read or write it (their
 * results say so, and {@link RunResult#exitCode} is 4).
 *
 * <p>A full disk stops the run instead: every later write would fail too. The models not started
 * yet are skipped, and {@link #build} throws a {@link ErrorKind#DISK_FULL} error once the models
 * under way have finished; what was committed before stays, nothing of the failed write does.
 */
public final class Runner {
  private final SparkSession spark;
  private final StrataConfig config;
  private final ProjectGraph graph;
  private final Warehouse warehouse;
  private final RunListener listener;
  private final CommitHook hook;
  private final Clock clock;

  /** A runner on the system clock (for source freshness). */
  public Runner(
      SparkSession spark,
      StrataConfig config,
      ProjectGraph graph,
      Warehouse warehouse,
      RunListener listener,
      CommitHook hook) {
    this(spark, config, graph, warehouse, listener, hook, Clock.systemUTC());
  }

  public Runner(
      SparkSession spark,
      StrataConfig config,
      ProjectGraph graph,
      Warehouse warehouse,
      RunListener listener,
      CommitHook hook,
      Clock clock) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.hook = requireNonNull(hook, "hook is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public RunResult build(BuildRequest request) {
    long start = System.nanoTime();
    List<ModelSpec> resolved = Selection.resolve(graph, request.selectors(), request.excludes());
    DeferredTests deferred = DeferredTests.of(graph, resolved);
    List<ModelSpec> selected = deferred.ordered(graph, resolved);
    List<FreshnessResult> freshness =
        new FreshnessChecker(spark, warehouse, clock).check(sourcesOf(selected));
    Optional<FreshnessResult> stale =
        freshness.stream().filter(f -> f.status() == TestStatus.ERROR).findFirst();
    if (stale.isPresent()) {
      String why =
          "not run: source " + stale.get().source() + " is stale, " + stale.get().message();
      List<ModelResult> skipped =
          selected.stream()
              .map(
                  spec ->
                      new ModelResult(
                          spec, ModelStatus.SKIPPED, 0, Optional.empty(), why, List.of()))
              .toList();
      return new RunResult(skipped, seconds(start), 0, freshness, List.of());
    }
    int partitions = shufflePartitions(selected);
    Map<String, String> sessionSettings = new HashMap<>(SparkSessions.runtimeSettings(config));
    sessionSettings.put("spark.sql.shuffle.partitions", Integer.toString(partitions));
    TestMemo memo = TestMemo.load(spark, warehouse);
    Relations relations = new Relations(spark, warehouse, graph);
    SingularGate gate =
        request.tests().skip()
            ? SingularGate.none()
            : SingularGate.forRun(graph, selected, relations);

    ModelBuilder builder =
        new ModelBuilder(
            warehouse,
            graph,
            new RunSnapshot(spark, warehouse),
            hook,
            request.tests(),
            memo,
            gate,
            deferred,
            new CodeChangePolicy(config.get(StrataKeys.ON_CODE_CHANGE), request.onCodeChange()));
    Map<String, TestResult> gateResults = new ConcurrentHashMap<>();
    AtomicReference<StrataException> stop = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(request.threads(), daemonThreads());
    try {
      // Submitted in build order to a FIFO pool: a task only waits for tasks submitted before it,
      // which hold a thread or have finished, so waiting cannot deadlock.
      Map<String, Future<ModelResult>> futures = new HashMap<>();
      for (int i = 0; i < selected.size(); i++) {
        ModelSpec spec = selected.get(i);
        List<Future<ModelResult>> upstream =
            graph.ancestors(spec.name()).stream()
                .filter(futures::containsKey)
                .map(futures::get)
                .toList();
        List<Future<ModelResult>> coRead =
            java.util.stream.Stream.concat(
                    gate.alsoRead(spec, selected).stream(), deferred.waitsFor(spec).stream())
                .filter(futures::containsKey)
                .map(futures::get)
                .toList();
        int index = i + 1;
        futures.put(
            spec.name(),
            pool.submit(
                () ->
                    buildOne(
                        builder,
                        spec,
                        index,
                        selected.size(),
                        upstream,
                        coRead,
                        request,
                        sessionSettings,
                        gateResults,
                        stop)));
      }
      List<ModelResult> built = new ArrayList<>();
      for (ModelSpec spec : selected) {
        built.add(await(futures.get(spec.name())));
      }
      if (stop.get() != null) {
        throw stop.get();
      }
      List<ModelResult> results =
          new AfterBuildTests(graph, relations, request.tests()).check(deferred, built);
      List<TestResult> singular =
          request.tests().skip() ? List.of() : singularTests(relations, memo, results, gateResults);
      memo.save(spark, warehouse, clock.instant());
      return new RunResult(results, seconds(start), partitions, freshness, singular);
    } finally {
      pool.shutdownNow();
    }
  }

  private ModelResult buildOne(
      ModelBuilder builder,
      ModelSpec spec,
      int index,
      int total,
      List<Future<ModelResult>> upstream,
      List<Future<ModelResult>> coRead,
      BuildRequest request,
      Map<String, String> sessionSettings,
      Map<String, TestResult> gateResults,
      AtomicReference<StrataException> stop) {
    coRead.forEach(Runner::await);
    if (stop.get() != null) {
      ModelResult skipped =
          new ModelResult(
              spec,
              ModelStatus.SKIPPED,
              0,
              Optional.empty(),
              "skipped: the run stopped, the disk is full",
              List.of());
      listener.finished(index, total, skipped);
      return skipped;
    }
    Optional<ModelResult> blocker =
        upstream.stream()
            .map(Runner::await)
            .filter(r -> r.status() != ModelStatus.SUCCESS)
            .findFirst();
    if (blocker.isPresent()) {
      ModelResult skipped =
          new ModelResult(
              spec,
              ModelStatus.SKIPPED,
              0,
              Optional.empty(),
              "skipped: upstream "
                  + blocker.get().model().name()
                  + " "
                  + blocker.get().status().name().toLowerCase(java.util.Locale.ROOT),
              List.of());
      listener.finished(index, total, skipped);
      return skipped;
    }
    listener.started(index, total, spec);
    long start = System.nanoTime();
    ModelResult result;
    try {
      SparkSession session = spark.newSession();
      sessionSettings.forEach((k, v) -> session.conf().set(k, v));
      BuildOutcome outcome =
          request.backfill().isPresent()
              ? builder.backfill(session, spec, request.backfill().get())
              : builder.build(session, spec, request.fullRefresh());
      outcome.singularTests().forEach(t -> gateResults.put(t.test(), t));
      result =
          new ModelResult(
              spec,
              ModelStatus.SUCCESS,
              seconds(start),
              Optional.of(outcome),
              outcome.detail(),
              outcome.tests());
    } catch (AuditFailure e) {
      e.singularTests().forEach(t -> gateResults.put(t.test(), t));
      result =
          new ModelResult(
              spec,
              ModelStatus.ERROR,
              seconds(start),
              Optional.empty(),
              e.getMessage(),
              e.results());
    } catch (Exception e) {
      // Spark's AnalysisException is checked in Java's eyes, yet thrown from unchecked calls.
      StrataException error = explain(spec, e);
      if (error.kind() == ErrorKind.DISK_FULL) {
        stop.compareAndSet(null, error);
      }
      result =
          new ModelResult(
              spec,
              ModelStatus.ERROR,
              seconds(start),
              Optional.empty(),
              error.getMessage(),
              List.of(),
              Optional.of(error.kind()));
    }
    listener.finished(index, total, result);
    return result;
  }

  /**
   * Every singular test's result, in the project's order: those a commit ran, then the others, run
   * now against what was published (or found passed on the same data before).
   */
  private List<TestResult> singularTests(
      Relations relations,
      TestMemo memo,
      List<ModelResult> results,
      Map<String, TestResult> gateResults) {
    List<SingularTest> remaining =
        graph.project().singularTests().stream()
            .filter(test -> !gateResults.containsKey(test.name()))
            .toList();
    Map<String, TestResult> byName = new HashMap<>(gateResults);
    new SingularTestRunner(relations, memo)
        .run(remaining, committed(results))
        .forEach(result -> byName.put(result.test(), result));
    return graph.project().singularTests().stream().map(t -> byName.get(t.name())).toList();
  }

  /** The tables the run committed to, as {@code layer.table}. */
  private static Set<String> committed(List<ModelResult> results) {
    Set<String> tables = new HashSet<>();
    for (ModelResult result : results) {
      if (result.outcome().filter(BuildOutcome::committed).isPresent()) {
        tables.add(result.model().table().toString());
      }
    }
    return tables;
  }

  /** The raw sources the selected models read, through any views. */
  private List<SourceSpec> sourcesOf(List<ModelSpec> selected) {
    Set<TableName> tables = new LinkedHashSet<>();
    for (ModelSpec spec : selected) {
      tables.addAll(spec.sources());
      graph.ancestors(spec.name()).forEach(a -> tables.addAll(graph.model(a).spec().sources()));
    }
    return tables.stream().map(t -> graph.source(t).orElseThrow()).toList();
  }

  private static ModelResult await(Future<ModelResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a model", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "a model's build failed outside its own handling", e.getCause());
    }
  }

  /**
   * What failed a model, for the user: Strata's own error as it is; a fault of Delta or of storage
   * as the warehouse explains it; a full disk found anywhere in the causes; else the exception the
   * model's code threw (the root of Spark's wrapping, which holds the user's message) with the
   * model's name.
   */
  private StrataException explain(ModelSpec spec, Exception error) {
    if (error instanceof StrataException strata) {
      return strata;
    }
    Optional<String> full = Faults.diskFull(error);
    if (full.isPresent()) {
      return Errors.diskFull(full.get(), "building model '" + spec.name() + "'");
    }
    Optional<StrataException> fault = warehouse.diagnose(error);
    if (fault.isPresent()) {
      return fault.get();
    }
    return Errors.modelThrew(spec.name(), rootMessage(error));
  }

  /** The configured count, or one partition per configured bytes of the Delta tables read. */
  private int shufflePartitions(List<ModelSpec> selected) {
    ShufflePartitions configured = config.get(StrataKeys.SHUFFLE_PARTITIONS);
    if (!configured.isAuto()) {
      return configured.fixed().getAsInt();
    }
    Set<TableName> inputs = new LinkedHashSet<>();
    for (ModelSpec spec : selected) {
      inputs.addAll(spec.sources());
      for (String ref : spec.refs()) {
        ModelSpec input = graph.model(ref).spec();
        if (input.materialization().isPersisted()) {
          inputs.add(input.table());
        }
      }
      if (spec.materialization().isPersisted()) {
        inputs.add(spec.table());
      }
    }
    long bytes = 0;
    for (TableName table : inputs) {
      bytes += warehouse.sizeInBytes(spark, table);
    }
    return ShufflePartitions.sized(
        bytes,
        config.get(StrataKeys.BYTES_PER_PARTITION),
        config.get(StrataKeys.SHUFFLE_PARTITIONS_MIN),
        config.get(StrataKeys.SHUFFLE_PARTITIONS_MAX));
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root instanceof StrataException
        ? message
        : root.getClass().getSimpleName() + ": " + message;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "strata-build");
      thread.setDaemon(true);
      return thread;
    };
  }
}
