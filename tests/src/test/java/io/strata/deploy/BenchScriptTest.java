package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit-scripts/bench} on tiny data: the scenarios that run the engine's distinct paths
 * run, agree on the resulting table, and their figures are written. Left out to keep the suite
 * short: the tuning variants (full refreshes with other settings), the no-op builds in JVMs of
 * their own ({@code LauncherCdsTest} starts such builds), {@code dbt_default} and {@code
 * incremental_untested} (the paths of {@code dbt_build} and {@code incremental} with fewer tests),
 * {@code incremental_portable} and {@code incremental_optimized} (the incremental build on the
 * portable path and after OPTIMIZE, which the framework's tests run), and a second run reusing the
 * prepared warehouse ({@code WarehouseCopiesTest} covers the copies).
 */
class BenchScriptTest {
  private static final List<String> SCENARIOS =
      List.of("full_refresh", "incremental", "dbt_build", "hand_written", "hand_written_tested");

  @TempDir Path dir;

  @Test
  void theEnginesScenariosRunAndAgreeOnTheResultingTable() throws Exception {
    Scripts.Result run =
        bench(
            Duration.ofMinutes(8),
            "--tuning-sizes",
            "none",
            "--scenarios",
            String.join(",", SCENARIOS),
            "--keep-work",
            "--out",
            dir.resolve("out").toString());

    assertThat(run.exitCode()).as(run.tail(40)).isZero();
    assertThat(run.output())
        .contains("fct_orders after the increment is identical in every scenario: 3")
        .contains("Targets (ratios measured in this run)")
        .contains("incremental / hand-written - 1")
        .contains("incremental / hand-written + the same tests - 1");

    List<String> csv = Files.readAllLines(dir.resolve("out/results.csv"));
    List<String> header = Arrays.asList(csv.get(0).split(","));
    Map<String, Map<String, String>> byScenario = new HashMap<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row =
          header.stream().collect(Collectors.toMap(h -> h, h -> cells[header.indexOf(h)]));
      byScenario.put(row.get("scenario"), row);
    }
    assertThat(byScenario).containsOnlyKeys(SCENARIOS);
    byScenario.forEach(
        (scenario, row) -> {
          assertThat(row.get("rows")).isEqualTo("3000");
          assertThat(Double.parseDouble(row.get("median_s"))).as(scenario).isPositive();
        });
    for (String merge :
        List.of("incremental", "dbt_build", "hand_written", "hand_written_tested")) {
      Map<String, String> row = byScenario.get(merge);
      assertThat(Long.parseLong(row.get("target_bytes_read"))).as(merge).isPositive();
      assertThat(Long.parseLong(row.get("target_files_read"))).as(merge).isPositive();
      assertThat(Long.parseLong(row.get("files_added"))).as(merge).isPositive();
      assertThat(Long.parseLong(row.get("heap_peak_bytes"))).as(merge).isPositive();
      assertThat(Double.parseDouble(row.get("cpu_s"))).as(merge).isPositive();
      assertThat(Double.parseDouble(row.get("task_cpu_s"))).as(merge).isPositive();
    }
    assertThat(Files.readString(dir.resolve("out/results.json")))
        .contains("\"scenario\": \"incremental\"")
        .contains("\"ratios\": [");
    assertThat(dir.resolve("work/rows-3000/prepared.properties")).isRegularFile();
  }

  /** The bench on 3,000 rows, one run per scenario, preparing or reusing the warehouse in work/. */
  private Scripts.Result bench(Duration timeout, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Scripts.script("bench").toString(),
                "--sizes",
                "3k",
                "--increment",
                "600",
                "--runs",
                "1",
                "--warmups",
                "0",
                "--work",
                dir.resolve("work").toString(),
                "--reuse-work"));
    command.addAll(List.of(options));
    // No class-data-sharing archive: dumping one as the bench JVM exits would take half a minute.
    return Scripts.run(
        command,
        Map.of("STRATA_CDS", "off", "STRATA_JVM_OPTS", Scripts.TINY_DATA_SPARK),
        dir,
        timeout);
  }

  @Test
  void aRunCountBelowOneIsRefusedNamingTheOption() {
    Scripts.Result run = refused("--full-refresh-runs", "0");

    assertThat(run.output())
        .contains("--full-refresh-runs is 0: it must be at least 1")
        .doesNotContain("Internal error");
  }

  @Test
  void anUnknownScenarioIsRefusedWithTheKnownOnes() {
    Scripts.Result run = refused("--scenarios", "incremental,nope");

    assertThat(run.output())
        .contains("'nope' is not a benchmark scenario: pick from full_refresh,")
        .contains("dbt_build");
  }

  /** The bench with options it refuses before starting Spark: a usage error, exit code 2. */
  private Scripts.Result refused(String... options) {
    List<String> command = new ArrayList<>(List.of(Scripts.script("bench").toString()));
    command.addAll(List.of(options));
    Scripts.Result run = Scripts.run(command, Map.of(), dir, Duration.ofMinutes(2));
    assertThat(run.exitCode()).as(run.tail(20)).isEqualTo(2);
    return run;
  }
}
