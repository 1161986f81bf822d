package io.strata.jobs.bench;

import io.strata.config.ConfigSources;
import io.strata.config.ShufflePartitions;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.delta.DeltaWarehouses;
import io.strata.graph.ProjectGraph;
import io.strata.jobs.ReferenceProject;
import io.strata.materialize.CommitHook;
import io.strata.materialize.DiffReport;
import io.strata.materialize.DiffRequest;
import io.strata.materialize.ModelDiff;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.TestOptions;
import io.strata.run.BuildRequest;
import io.strata.run.RunListener;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.session.SparkSessions;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs the scenarios at one size and returns their figures. */
final class Bench {
  static final TableName FCT_ORDERS = TableName.parse("marts.fct_orders");
  static final TableName RAW_ORDERS = TableName.parse("raw.orders");
  static final TableName DIM_CUSTOMERS = TableName.parse("marts.dim_customers");
  private static final List<String> MERGE_METRICS =
      List.of(
          "numTargetFilesRemoved",
          "numTargetFilesAdded",
          "numTargetRowsCopied",
          "numTargetRowsUpdated",
          "numTargetRowsInserted",
          "numTargetDeletionVectorsAdded",
          "numTargetBytesAdded",
          "numTargetBytesRemoved");

  private final SparkSession spark;
  private final ConfigSources sources;
  private final BenchOptions options;
  private final Consumer<String> log;
  private final ProjectGraph graph = ProjectGraph.of(new ReferenceProject());

  Bench(SparkSession spark, ConfigSources sources, BenchOptions options, Consumer<String> log) {
    this.spark = spark;
    this.sources = sources;
    this.options = options;
    this.log = log;
  }

  /**
   * Every scenario at {@code orders} rows, in a fresh directory under the work directory, or in the
   * one a {@code --keep-work} run left when {@code --reuse-work} asks for it.
   */
  List<Figure> run(long orders) {
    Path dir = options.work().resolve("rows-" + orders).toAbsolutePath();
    Path base = dir.resolve("base");
    PreparedState wanted = new PreparedState(orders, options, Instant.EPOCH);
    Optional<PreparedState> reused =
        options.reuseWork() ? PreparedState.read(dir).filter(wanted::sameData) : Optional.empty();
    List<Figure> figures = new ArrayList<>();
    Instant historyLoadedAt;
    if (reused.isPresent()) {
      historyLoadedAt = reused.get().historyLoadedAt();
      log.accept("  reusing the warehouse under " + dir + " (increment landed, marts built)");
    } else {
      WarehouseCopies.deleteTree(dir);
      historyLoadedAt = prepare(orders, base, figures);
      new PreparedState(orders, options, historyLoadedAt).write(dir);
    }
    figures.addAll(incremental(orders, dir, base, Timestamp.from(historyLoadedAt)));
    if (options.keepWork() || options.reuseWork()) {
      WarehouseCopies.forget(spark, dir);
    } else {
      WarehouseCopies.discard(spark, dir);
    }
    return figures;
  }

  /**
   * Generates the raw history, measures the full refreshes and the no-op builds (adding their
   * figures), then lands the increment; returns the history's latest landing time.
   */
  private Instant prepare(long orders, Path base, List<Figure> figures) {
    Warehouse warehouse = DeltaWarehouses.atPath(base.toString());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    BenchData data =
        new BenchData(
            spark,
            warehouse,
            orders,
            options.ordersPerDay(),
            options.lateChangeDays(),
            today,
            options.seed());
    long start = System.nanoTime();
    data.landHistory();
    log.accept(
        String.format(
            "  generated %,d orders' raw history (%d days) in %.0f s",
            orders, data.historyDays(), (System.nanoTime() - start) / 1e9));
    Timestamp historyLoadedAt = maxLoadedAt(warehouse);
    // The tuning variants run first, so the default full refresh leaves the state the rest uses.
    List<Figure> tuning = new ArrayList<>();
    if (options.tuningAt(orders) && options.measures("full_refresh_aqe_off")) {
      tuning.add(
          fullRefresh(
              "full_refresh_aqe_off",
              "1b. full refresh, AQE off",
              orders,
              base,
              Map.of(StrataKeys.ADAPTIVE_ENABLED.path(), "false")));
    }
    if (options.tuningAt(orders) && options.measures("full_refresh_200_partitions")) {
      tuning.add(
          fullRefresh(
              "full_refresh_200_partitions",
              "1c. full refresh, 200 shuffle partitions",
              orders,
              base,
              Map.of(StrataKeys.SHUFFLE_PARTITIONS.path(), "200")));
    }
    Figure refresh =
        fullRefresh("full_refresh", "1. full refresh, whole pipeline", orders, base, Map.of());
    if (options.measures("full_refresh")) {
      figures.add(refresh);
    }
    figures.addAll(tuning);
    if (options.measures("no_op")) {
      figures.add(noOp("no_op", "5. nothing new (own JVM)", Map.of(), orders, base, warehouse));
    }
    if (options.measures("no_op_c1")) {
      figures.add(
          noOp(
              "no_op_c1",
              "5b. nothing new (own JVM, C1 JIT only)",
              Map.of("STRATA_JVM_OPTS", "-XX:TieredStopAtLevel=1"),
              orders,
              base,
              warehouse));
    }
    // After the no-op builds: a refresh of fct_orders alone would make dim_customers rebuild there.
    if (options.measures("diff")) {
      figures.add(diff(orders, base));
    }
    if (options.measures("full_refresh_fct_orders")) {
      figures.add(
          fullRefresh(
              "full_refresh_fct_orders",
              "1d. full refresh, fct_orders alone",
              orders,
              base,
              Map.of(),
              new BuildRequest(List.of("fct_orders"), List.of(), true, 1)));
    }
    data.landIncrement(options.increment(), Instant.now());
    log.accept(String.format("  landed an increment of %,d order versions", options.increment()));
    return historyLoadedAt.toInstant();
  }

  /** The incremental scenarios, in interleaved rounds on copies of {@code base}. */
  private List<Figure> incremental(long orders, Path dir, Path base, Timestamp historyLoadedAt) {
    // Every Strata scenario records the shuffle partitions it chose; the baselines use them.
    Map<String, String> strataFacts = new LinkedHashMap<>();
    List<Scenario> scenarios =
        List.of(
                strataIncremental(
                    "incremental",
                    "2. Strata incremental",
                    false,
                    TestOptions.DEFAULT,
                    strataFacts),
                baseline(
                    "dbt_default",
                    "3. dbt-spark default pattern",
                    (session, clone) ->
                        Baselines.dbtDefault(
                            session, path(clone, RAW_ORDERS), path(clone, FCT_ORDERS)),
                    strataFacts),
                baseline(
                    "dbt_build",
                    "3b. dbt-spark default + its tests (dbt build)",
                    (session, clone) ->
                        Baselines.dbtBuild(
                            session,
                            path(clone, RAW_ORDERS),
                            path(clone, FCT_ORDERS),
                            path(clone, DIM_CUSTOMERS),
                            singularSql(clone)),
                    strataFacts),
                baseline(
                    "hand_written",
                    "4. hand-written Spark",
                    (session, clone) ->
                        Baselines.handWritten(
                            session,
                            path(clone, RAW_ORDERS),
                            path(clone, FCT_ORDERS),
                            historyLoadedAt),
                    strataFacts),
                baseline(
                    "hand_written_tested",
                    "4b. hand-written Spark + the same tests",
                    (session, clone) ->
                        Baselines.handWrittenTested(
                            session,
                            path(clone, RAW_ORDERS),
                            path(clone, FCT_ORDERS),
                            path(clone, DIM_CUSTOMERS),
                            historyLoadedAt,
                            singularSql(clone)),
                    strataFacts),
                strataIncremental(
                    "incremental_untested",
                    "2c. Strata incremental, tests skipped (run)",
                    false,
                    TestOptions.SKIP,
                    strataFacts),
                strataIncremental(
                    "incremental_portable",
                    "2d. Strata incremental, portable path (Delta's public API only)",
                    false,
                    TestOptions.DEFAULT,
                    strataFacts,
                    Map.of(StrataKeys.DELTA_INTERNALS.path(), "off")),
                strataIncremental(
                    "incremental_optimized",
                    "2b. Strata incremental after OPTIMIZE",
                    true,
                    TestOptions.DEFAULT,
                    strataFacts))
            .stream()
            .filter(scenario -> options.measures(scenario.id()))
            .toList();
    Map<String, String> checksums = new LinkedHashMap<>();
    Map<String, List<Figure.Sample>> samples = interleaved(dir, base, scenarios, checksums);
    List<Figure> figures = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      figures.add(
          new Figure(
              scenario.id(),
              scenario.label(),
              orders,
              samples.get(scenario.id()),
              scenario.facts(),
              ""));
    }
    long distinct = checksums.values().stream().distinct().count();
    if (distinct > 1) {
      throw new IllegalStateException(
          "the scenarios disagree on fct_orders after the increment: " + checksums);
    }
    if (!checksums.isEmpty()) {
      log.accept(
          "  fct_orders after the increment is identical in every scenario: "
              + checksums.values().iterator().next());
    }
    return figures;
  }

  private Figure fullRefresh(
      String id, String label, long orders, Path base, Map<String, String> overrides) {
    return fullRefresh(id, label, orders, base, overrides, BuildRequest.all().withFullRefresh());
  }

  /**
   * {@code strata diff fct_orders} on the freshly refreshed warehouse: the recomputation of
   * fct_orders joined to its table, which must not drift.
   */
  private Figure diff(long orders, Path base) {
    String label = "6. strata diff fct_orders (recompute and compare)";
    StrataConfig config = config(base, Map.of());
    Warehouse warehouse = DeltaWarehouses.create(config);
    ModelSpec spec = graph.model(FCT_ORDERS.table()).spec();
    List<Figure.Sample> samples = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    long version = warehouse.version(spark, FCT_ORDERS).orElseThrow();
    for (int run = 0; run < options.fullRefreshWarmups() + options.fullRefreshRuns(); run++) {
      Probe probe = Probe.start(spark, base.toString());
      SparkSession session =
          SparkSessions.newSession(spark, config, 2 * warehouse.sizeInBytes(spark, FCT_ORDERS));
      DiffReport report = ModelDiff.of(session, warehouse, graph, spec).run(DiffRequest.all());
      Probe.Reading reading = probe.stop();
      if (report.drifts() || warehouse.version(spark, FCT_ORDERS).orElseThrow() != version) {
        throw new IllegalStateException("diff found drift or wrote fct_orders: " + report);
      }
      facts.put("rows_compared", Long.toString(report.tableRows()));
      facts.put("shuffle_partitions", session.conf().get("spark.sql.shuffle.partitions"));
      if (run >= options.fullRefreshWarmups()) {
        samples.add(new Figure.Sample(reading, Map.of()));
      }
      log.accept(String.format("  %s: %.1f s", label, reading.seconds()));
    }
    return new Figure("diff", label, orders, samples, facts, "");
  }

  private Figure fullRefresh(
      String id,
      String label,
      long orders,
      Path base,
      Map<String, String> overrides,
      BuildRequest request) {
    StrataConfig config = config(base, overrides);
    List<Figure.Sample> samples = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    int warmups = options.fullRefreshWarmups();
    for (int run = 0; run < warmups + options.fullRefreshRuns(); run++) {
      // Every full refresh tests its views: none may reuse a previous run's passing tests.
      WarehouseCopies.deleteTree(base.resolve("audit").resolve("test_memo"));
      Probe probe = Probe.start(spark, base.toString());
      RunResult result = runner(config).build(request);
      Probe.Reading reading = probe.stop();
      requireSuccess(label, result);
      facts.put("shuffle_partitions", Integer.toString(result.shufflePartitions()));
      if (run >= warmups) {
        samples.add(new Figure.Sample(reading, Map.of()));
      }
      log.accept(String.format("  %s: %.1f s", label, reading.seconds()));
    }
    Warehouse warehouse = DeltaWarehouses.atPath(base.toString());
    facts.putAll(files(warehouse, FCT_ORDERS));
    return new Figure(id, label, orders, samples, facts, "");
  }

  private Figure noOp(
      String id,
      String label,
      Map<String, String> env,
      long orders,
      Path base,
      Warehouse warehouse) {
    if (options.launcher().isEmpty()) {
      return Figure.skipped(
          id, label, orders, "no launcher: pass --launcher or set STRATA_LAUNCHER");
    }
    Map<String, Long> before = martVersions(warehouse);
    List<Figure.Sample> samples = new ArrayList<>();
    for (int run = 0; run < options.warmups() + options.runs(); run++) {
      double seconds =
          Launcher.time(options.launcher().get(), env, "build", "--warehouse", base.toString());
      if (run >= options.warmups()) {
        samples.add(new Figure.Sample(Probe.Reading.wallOnly(seconds), Map.of()));
      }
      log.accept(String.format("  %s: %.1f s", label, seconds));
    }
    Map<String, Long> after = martVersions(warehouse);
    long commits = 0;
    for (Map.Entry<String, Long> entry : before.entrySet()) {
      commits += after.get(entry.getKey()) - entry.getValue();
    }
    return new Figure(
        id, label, orders, samples, Map.of("mart_commits", Long.toString(commits)), "");
  }

  /**
   * An incremental scenario: one run on a copy of the warehouse, measured by its own probe, and the
   * facts it reports.
   */
  private record Scenario(String id, String label, RunOnCopy body, Map<String, String> facts) {}

  /** One run of an incremental scenario on a copy of the warehouse, measured by its own probe. */
  private interface RunOnCopy {
    Probe.Reading run(Path clone, Warehouse warehouse, String target);
  }

  /** How a baseline merges the increment into the warehouse at {@code warehouse}. */
  interface Increment {
    void merge(SparkSession session, Path warehouse);
  }

  /** Strata's build of fct_orders; {@code shared} gets the shuffle partitions it chose. */
  private Scenario strataIncremental(
      String id,
      String label,
      boolean optimizeFirst,
      TestOptions tests,
      Map<String, String> shared) {
    return strataIncremental(id, label, optimizeFirst, tests, shared, Map.of());
  }

  /**
   * Strata's build of fct_orders with configuration {@code overrides}; {@code shared} gets the
   * shuffle partitions it chose.
   */
  private Scenario strataIncremental(
      String id,
      String label,
      boolean optimizeFirst,
      TestOptions tests,
      Map<String, String> shared,
      Map<String, String> overrides) {
    Map<String, String> facts = new LinkedHashMap<>();
    return new Scenario(
        id,
        label,
        (clone, warehouse, target) -> {
          if (optimizeFirst) {
            warehouse.optimize(spark, FCT_ORDERS, List.of());
            facts.putAll(files(warehouse, FCT_ORDERS));
          }
          StrataConfig config = config(clone, overrides);
          Probe probe = Probe.start(spark, target);
          RunResult result =
              runner(config)
                  .build(new BuildRequest(List.of("fct_orders"), List.of(), false, 1, tests));
          Probe.Reading reading = probe.stop();
          requireSuccess(label, result);
          facts.put("shuffle_partitions", Integer.toString(result.shufflePartitions()));
          shared.put("shuffle_partitions", Integer.toString(result.shufflePartitions()));
          result.result("fct_orders").ifPresent(r -> facts.put("detail", r.message()));
          return reading;
        },
        facts);
  }

  /**
   * A baseline with the session settings and shuffle partitions Strata's build chose (sized as
   * Strata sizes them when no Strata scenario ran before it).
   */
  private Scenario baseline(
      String id, String label, Increment increment, Map<String, String> strataFacts) {
    return new Scenario(
        id,
        label,
        (clone, warehouse, target) -> {
          StrataConfig config = config(clone, Map.of());
          int partitions =
              strataFacts.containsKey("shuffle_partitions")
                  ? Integer.parseInt(strataFacts.get("shuffle_partitions"))
                  : autoPartitions(config, warehouse);
          SparkSession session = spark.newSession();
          sessionSettings(config, partitions).forEach((k, v) -> session.conf().set(k, v));
          Probe probe = Probe.start(spark, target);
          increment.merge(session, clone);
          return probe.stop();
        },
        Map.of());
  }

  /**
   * Runs the scenarios in rounds, each on a fresh copy of {@code base} (warm-up rounds first), so
   * that every scenario meets the JVM equally warm; each round starts one scenario further down the
   * list, so that none always follows the same one (a heavy run leaves the JIT and the heap in
   * another state for the next). Records each measured run's figures and the resulting table's
   * checksum, and deletes the copy.
   */
  private Map<String, List<Figure.Sample>> interleaved(
      Path dir, Path base, List<Scenario> scenarios, Map<String, String> checksums) {
    Map<String, List<Figure.Sample>> samples = new LinkedHashMap<>();
    scenarios.forEach(scenario -> samples.put(scenario.id(), new ArrayList<>()));
    for (int run = 0; run < options.warmups() + options.runs(); run++) {
      for (Scenario scenario : rotated(scenarios, run)) {
        Path copy = dir.resolve(scenario.id() + "-" + run);
        // A copy an interrupted bench left behind would block the hard links.
        WarehouseCopies.deleteTree(copy);
        Path clone = WarehouseCopies.cloneWarehouse(base, copy);
        try {
          Warehouse warehouse = DeltaWarehouses.atPath(clone.toString());
          String target = path(clone, FCT_ORDERS);
          Probe.Reading reading = scenario.body().run(clone, warehouse, target);
          record(run, reading, warehouse, samples.get(scenario.id()), scenario.label());
          checksums.put(scenario.id(), Baselines.checksum(spark, target));
        } finally {
          WarehouseCopies.discard(spark, clone);
        }
      }
    }
    return samples;
  }

  /** The list starting at its {@code by}-th element (modulo its size), wrapping around. */
  static <T> List<T> rotated(List<T> list, int by) {
    List<T> rotated = new ArrayList<>(list);
    java.util.Collections.rotate(rotated, -(list.isEmpty() ? 0 : by % list.size()));
    return rotated;
  }

  private void record(
      int run,
      Probe.Reading reading,
      Warehouse warehouse,
      List<Figure.Sample> samples,
      String label) {
    Map<String, String> metrics = warehouse.history(spark, FCT_ORDERS, 1).get(0).metrics();
    Map<String, Long> delta = new HashMap<>();
    for (String name : MERGE_METRICS) {
      delta.put(name, Long.parseLong(metrics.getOrDefault(name, "0")));
    }
    if (run >= options.warmups()) {
      samples.add(new Figure.Sample(reading, delta));
    }
    log.accept(
        String.format(
            "  %s: %.1f s, target read %s in %d files, %d files rewritten",
            label,
            reading.seconds(),
            Report.bytes(reading.targetBytesRead()),
            reading.targetFilesRead(),
            delta.get("numTargetFilesRemoved")));
  }

  /** The settings Strata's runner gives a model's session, with the same partition count. */
  private static Map<String, String> sessionSettings(StrataConfig config, int partitions) {
    Map<String, String> settings = new HashMap<>(SparkSessions.runtimeSettings(config));
    settings.put("spark.sql.shuffle.partitions", Integer.toString(partitions));
    return settings;
  }

  private int autoPartitions(StrataConfig config, Warehouse warehouse) {
    ShufflePartitions configured = config.get(StrataKeys.SHUFFLE_PARTITIONS);
    if (!configured.isAuto()) {
      return configured.fixed().getAsInt();
    }
    return ShufflePartitions.sized(
        warehouse.sizeInBytes(spark, FCT_ORDERS),
        config.get(StrataKeys.BYTES_PER_PARTITION),
        config.get(StrataKeys.SHUFFLE_PARTITIONS_MIN),
        config.get(StrataKeys.SHUFFLE_PARTITIONS_MAX));
  }

  private Runner runner(StrataConfig config) {
    return new Runner(
        spark, config, graph, DeltaWarehouses.create(config), RunListener.NONE, CommitHook.NONE);
  }

  private StrataConfig config(Path warehouse, Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(sources.overrides());
    all.putAll(overrides);
    all.put(StrataKeys.WAREHOUSE_DIR.path(), warehouse.toString());
    return StrataConfig.load(sources.withOverrides(all));
  }

  private Map<String, Long> martVersions(Warehouse warehouse) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableName mart : List.of(FCT_ORDERS, DIM_CUSTOMERS)) {
      versions.put(mart.toString(), warehouse.version(spark, mart).orElse(-1L));
    }
    return versions;
  }

  private Map<String, String> files(Warehouse warehouse, TableName table) {
    Row detail =
        spark
            .sql("DESCRIBE DETAIL delta.`" + warehouse.location(table) + "`")
            .select("numFiles", "sizeInBytes")
            .first();
    long files = detail.getLong(0);
    long bytes = detail.getLong(1);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("fct_orders_files", Long.toString(files));
    facts.put("fct_orders_avg_file", Report.bytes(files == 0 ? 0 : bytes / files));
    return facts;
  }

  private Timestamp maxLoadedAt(Warehouse warehouse) {
    return warehouse
        .read(spark, RAW_ORDERS)
        .agg(org.apache.spark.sql.functions.max("_loaded_at"))
        .first()
        .getTimestamp(0);
  }

  /** The reference project's singular test, reading the tables under {@code warehouse}. */
  private String singularSql(Path warehouse) {
    String sql = graph.project().singularTests().get(0).sql();
    for (TableName table : List.of(FCT_ORDERS, DIM_CUSTOMERS)) {
      sql = sql.replace(table.toString(), "delta.`" + path(warehouse, table) + "`");
    }
    return sql;
  }

  private static String path(Path warehouse, TableName table) {
    return warehouse.resolve(table.layer().id()).resolve(table.table()).toString();
  }

  private static void requireSuccess(String label, RunResult result) {
    if (!result.succeeded()) {
      throw new IllegalStateException(label + " failed: " + result.summary());
    }
  }
}
