package io.strata.jobs.bench;

import io.strata.config.ConfigSources;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.session.SparkSessions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: generates the reference feeds at each size straight into raw Delta tables, runs
 * the scenarios, prints one table of figures and writes {@code results.json} and {@code .csv}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark full refresh, incremental MERGE, the dbt-spark default, hand-written Spark and a"
            + " no-op build at each size; prints figures and ratios, writes results.json/.csv.")
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "1M,5M,20M",
      paramLabel = "ROWS",
      description = "fct_orders sizes, like 100k,1M,20M (default: ${DEFAULT-VALUE}).")
  List<String> sizes;

  @Option(
      names = "--increment",
      defaultValue = "200k",
      paramLabel = "ROWS",
      description = "Order versions landed for the incremental runs (default: ${DEFAULT-VALUE}).")
  String increment;

  @Option(
      names = "--late-change-days",
      defaultValue = "7",
      description =
          "How far back the increment's late changes of older orders reach, in days; a value"
              + " above the history spreads them over every partition (default: ${DEFAULT-VALUE}).")
  int lateChangeDays;

  @Option(names = "--runs", defaultValue = "3", description = "Measured runs (default: 3).")
  int runs;

  @Option(
      names = "--full-refresh-runs",
      paramLabel = "N",
      description =
          "Measured full refreshes, after the warm-ups when 3 or more, with none when fewer"
              + " (a quick look; a full refresh at 20M rows takes minutes) (default: --runs).")
  Integer fullRefreshRuns;

  @Option(names = "--warmups", defaultValue = "1", description = "Warm-up runs (default: 1).")
  int warmups;

  @Option(
      names = "--tuning-sizes",
      split = ",",
      defaultValue = "5M",
      paramLabel = "ROWS",
      description =
          "Sizes at which the full refresh also runs with AQE off and with 200 partitions"
              + " (default: ${DEFAULT-VALUE}; none to skip).")
  List<String> tuningSizes;

  @Option(
      names = "--scenarios",
      split = ",",
      paramLabel = "ID",
      description =
          "Only these scenarios, like incremental,hand_written (default: all); the full refresh"
              + " still runs once to build the marts.")
  List<String> scenarios = List.of();

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: 42).")
  long seed;

  @Option(
      names = "--work",
      defaultValue = "target/bench/work",
      paramLabel = "DIR",
      description = "Scratch warehouses, deleted after each size (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(
      names = "--keep-work",
      description = "Keep each size's warehouse under --work instead of deleting it.")
  boolean keepWork;

  @Option(
      names = "--reuse-work",
      description =
          "Run the incremental scenarios on the warehouse a --keep-work run of the same sizes,"
              + " increment and seed left under --work today, skipping generation, full refresh"
              + " and no-op; prepares and keeps it when there is none.")
  boolean reuseWork;

  @Option(
      names = "--out",
      defaultValue = "target/bench",
      paramLabel = "DIR",
      description = "Where results.json and results.csv go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--launcher",
      defaultValue = "${env:STRATA_LAUNCHER}",
      paramLabel = "FILE",
      description =
          "The strata launcher the no-op build runs in its own JVM (default: $STRATA_LAUNCHER;"
              + " without one that scenario is skipped).")
  Path launcher;

  @Option(
      names = "--profile",
      defaultValue = "local",
      description = "Configuration profile (default: ${DEFAULT-VALUE}).")
  String profile;

  @Override
  public Integer call() {
    BenchOptions options =
        new BenchOptions(
            sizes.stream().map(BenchCommand::count).toList(),
            count(increment),
            lateChangeDays,
            warmups,
            runs,
            fullRefreshRuns == null ? runs : fullRefreshRuns,
            tuningSizes.stream().filter(s -> !s.equals("none")).map(BenchCommand::count).toList(),
            seed,
            work,
            keepWork,
            reuseWork,
            Optional.ofNullable(launcher).filter(Files::isExecutable),
            scenarios());
    ConfigSources sources = sources();
    StrataConfig config = StrataConfig.load(sources);
    SparkSession spark = SparkSessions.getOrCreate(config);
    spark.sparkContext().setLogLevel("WARN");
    Bench bench = new Bench(spark, sources, options, System.out::println);
    List<Figure> figures = new ArrayList<>();
    for (long size : options.sizes()) {
      System.out.printf(Locale.ROOT, "== fct_orders at %,d rows ==%n", size);
      figures.addAll(bench.run(size));
      new Report(figures, machine(spark, config)).write(out);
    }
    Report report = new Report(figures, machine(spark, config));
    report.print(System.out);
    report.write(out);
    System.out.println();
    System.out.println(
        "Wrote " + out.resolve("results.json") + " and " + out.resolve("results.csv"));
    return 0;
  }

  private Set<String> scenarios() {
    for (String scenario : scenarios) {
      if (!BenchOptions.SCENARIOS.contains(scenario)) {
        throw io.strata.error.Errors.usage(
            "'"
                + scenario
                + "' is not a benchmark scenario: pick from "
                + String.join(", ", BenchOptions.SCENARIOS)
                + ".");
      }
    }
    return Set.copyOf(scenarios);
  }

  private ConfigSources sources() {
    String confDir = System.getenv("STRATA_CONF_DIR");
    Optional<Path> dir =
        confDir == null || confDir.isBlank() ? Optional.empty() : Optional.of(Path.of(confDir));
    Map<String, String> overrides = Map.of(StrataKeys.UI_ENABLED.path(), "false");
    return new ConfigSources(dir, profile, Optional.empty(), System.getenv(), overrides);
  }

  private static Map<String, String> machine(SparkSession spark, StrataConfig config) {
    Map<String, String> machine = new LinkedHashMap<>();
    Runtime runtime = Runtime.getRuntime();
    machine.put("cores", Integer.toString(runtime.availableProcessors()));
    machine.put("max_heap", Report.bytes(runtime.maxMemory()));
    machine.put(
        "physical_memory",
        Report.bytes(
            ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize()));
    machine.put(
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("spark", spark.version());
    machine.put("master", spark.sparkContext().master());
    machine.put("profile", config.profile());
    machine.put("shuffle_partitions", config.get(StrataKeys.SHUFFLE_PARTITIONS).toString());
    return machine;
  }

  /** {@code 200k}, {@code 5M}, {@code 1000}: a row count. */
  static long count(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (value.endsWith("k")) {
      unit = 1_000;
    } else if (value.endsWith("m")) {
      unit = 1_000_000;
    }
    String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
    try {
      return Math.round(Double.parseDouble(digits) * unit);
    } catch (NumberFormatException e) {
      throw io.strata.error.Errors.usage(
          "'" + text + "' is not a row count: write it as 200000, 200k or 5M.");
    }
  }
}
