package io.strata.jobs.bench;

import io.strata.jobs.DemoData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The figures as a console table, the ratios against the targets, JSON and CSV. */
final class Report {
  private static final String ROW = "%-40s %9s %7s %7s %7s %9s %9s %12s %7s %11s %11s %9s %9s%n";

  private final List<Figure> figures;
  private final Map<String, String> machine;

  Report(List<Figure> figures, Map<String, String> machine) {
    this.figures = List.copyOf(figures);
    this.machine = Map.copyOf(machine);
  }

  /** One target: the measured ratio or figure, the limit, and whether it is met. */
  record Ratio(String name, double value, String target, boolean met, String basis) {}

  void print(java.io.PrintStream out) {
    for (long rows : sizes()) {
      out.printf(Locale.ROOT, "%nfct_orders at %,d rows (median of runs; min-max)%n", rows);
      out.printf(
          Locale.ROOT,
          ROW,
          "scenario",
          "median s",
          "min",
          "max",
          "cpu s",
          "heap MiB",
          "RSS MiB",
          "target read",
          "files",
          "input",
          "shuffle",
          "rewritten",
          "added");
      for (Figure f : figures) {
        if (f.rows() != rows) {
          continue;
        }
        if (!f.measured()) {
          out.printf(Locale.ROOT, "%-40s skipped: %s%n", f.label(), f.skipped());
          continue;
        }
        out.printf(
            Locale.ROOT,
            ROW,
            f.label(),
            seconds(f.medianSeconds()),
            seconds(f.minSeconds()),
            seconds(f.maxSeconds()),
            seconds(f.median(s -> s.reading().cpuSeconds())),
            mib(f.medianLong(s -> s.reading().heapPeakBytes())),
            mib(f.medianLong(s -> s.reading().rssPeakBytes())),
            bytes(f.medianLong(s -> s.reading().targetBytesRead())),
            Long.toString(f.medianLong(s -> s.reading().targetFilesRead())),
            bytes(f.medianLong(s -> s.reading().inputBytes())),
            bytes(f.medianLong(s -> s.reading().shuffleBytes())),
            Long.toString(f.medianLong(s -> s.delta("numTargetFilesRemoved"))),
            Long.toString(f.medianLong(s -> s.delta("numTargetFilesAdded"))));
        if (!f.facts().isEmpty()) {
          out.printf(Locale.ROOT, "%-40s %s%n", "", f.facts());
        }
      }
    }
    out.println();
    out.println("Targets (ratios measured in this run)");
    for (Ratio ratio : ratios()) {
      out.printf(
          Locale.ROOT,
          "  %-4s %-58s %10s  target %-8s %s%n",
          ratio.met() ? "MET" : "MISS",
          ratio.name(),
          format(ratio.value()),
          ratio.target(),
          ratio.basis());
    }
  }

  List<Ratio> ratios() {
    List<Ratio> ratios = new ArrayList<>();
    long largest = sizes().get(sizes().size() - 1);
    long smallest = sizes().get(0);
    ToDoubleFunction<Figure> wall = Figure::medianSeconds;
    ratio("incremental / full refresh", "incremental", "full_refresh", largest, wall)
        .ifPresent(r -> ratios.add(limit(r, 0.10, "<= 0.10")));
    if (smallest != largest) {
      Optional<Figure> small = find("incremental", smallest);
      Optional<Figure> large = find("incremental", largest);
      if (small.isPresent() && large.isPresent()) {
        String basis = String.format(Locale.ROOT, "%,d vs %,d rows", largest, smallest);
        double growth = large.get().medianSeconds() / small.get().medianSeconds();
        ratios.add(
            new Ratio("incremental wall time growth", growth, "<= 1.5", growth <= 1.5, basis));
        double read =
            (double) large.get().medianLong(s -> s.reading().targetBytesRead())
                / Math.max(1, small.get().medianLong(s -> s.reading().targetBytesRead()));
        ratios.add(
            new Ratio("incremental bytes read from target growth", read, "<= 2", read <= 2, basis));
      }
    }
    // Each comparison as the issue words it (the build, tests included), then like for like.
    for (String[] pair :
        new String[][] {
          {"dbt-spark default / incremental", "dbt_default", "incremental"},
          {
            "dbt-spark default / incremental without tests (run)",
            "dbt_default",
            "incremental_untested"
          },
          {"dbt build (default + its tests) / incremental", "dbt_build", "incremental"},
          {
            "dbt-spark default / incremental on the portable path",
            "dbt_default",
            "incremental_portable"
          }
        }) {
      ratio(pair[0], pair[1], pair[2], largest, wall)
          .ifPresent(
              r -> ratios.add(new Ratio(r.name(), r.value(), ">= 3", r.value() >= 3, r.basis())));
    }
    for (String[] pair :
        new String[][] {
          {"incremental / hand-written - 1", "incremental", "hand_written"},
          {"incremental / hand-written + the same tests - 1", "incremental", "hand_written_tested"},
          {
            "incremental without tests (run) / hand-written - 1",
            "incremental_untested",
            "hand_written"
          }
        }) {
      ratio(pair[0], pair[1], pair[2], largest, wall)
          .ifPresent(
              r ->
                  ratios.add(
                      new Ratio(
                          r.name(), r.value() - 1, "<= 0.10", r.value() - 1 <= 0.10, r.basis())));
    }
    ratio(
            "incremental on the portable path / on the internal path",
            "incremental_portable",
            "incremental",
            largest,
            wall)
        .ifPresent(
            r -> ratios.add(new Ratio(r.name(), r.value(), "<= 1.5", r.value() <= 1.5, r.basis())));
    for (String id : List.of("no_op", "no_op_c1")) {
      find(id, largest).filter(Figure::measured).ifPresent(f -> ratios.add(noOp(f, largest)));
    }
    return ratios;
  }

  private static Ratio noOp(Figure f, long rows) {
    double seconds = f.medianSeconds();
    String commits = f.facts().get("mart_commits");
    return new Ratio(
        f.label() + ": wall s; mart commits " + commits,
        seconds,
        "< 15 s, 0",
        seconds < 15 && "0".equals(commits),
        String.format(Locale.ROOT, "%,d rows", rows));
  }

  private Optional<Ratio> ratio(
      String name,
      String numerator,
      String denominator,
      long rows,
      ToDoubleFunction<Figure> figure) {
    Optional<Figure> top = find(numerator, rows).filter(Figure::measured);
    Optional<Figure> bottom = find(denominator, rows).filter(Figure::measured);
    if (top.isEmpty() || bottom.isEmpty()) {
      return Optional.empty();
    }
    double value = figure.applyAsDouble(top.get()) / figure.applyAsDouble(bottom.get());
    return Optional.of(
        new Ratio(name, value, "", true, String.format(Locale.ROOT, "%,d rows", rows)));
  }

  private static Ratio limit(Ratio ratio, double max, String target) {
    return new Ratio(ratio.name(), ratio.value(), target, ratio.value() <= max, ratio.basis());
  }

  private Optional<Figure> find(String scenario, long rows) {
    return figures.stream()
        .filter(f -> f.scenario().equals(scenario) && f.rows() == rows)
        .findFirst();
  }

  private List<Long> sizes() {
    return figures.stream().map(Figure::rows).distinct().sorted(Comparator.naturalOrder()).toList();
  }

  /** Writes {@code results.json} and {@code results.csv} into {@code dir}. */
  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("results.json"), json(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("results.csv"), csv(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String csv() {
    StringBuilder csv =
        new StringBuilder(
            "rows,scenario,runs,median_s,min_s,max_s,cpu_s,task_cpu_s,gc_s,heap_peak_bytes,rss_peak_bytes,"
                + "target_bytes_read,target_files_read,input_bytes,shuffle_bytes,spilled_bytes,"
                + "files_rewritten,files_added,rows_copied,deletion_vectors_added\n");
    for (Figure f : figures) {
      if (!f.measured()) {
        continue;
      }
      csv.append(
          String.join(
              ",",
              Long.toString(f.rows()),
              f.scenario(),
              Integer.toString(f.samples().size()),
              format(f.medianSeconds()),
              format(f.minSeconds()),
              format(f.maxSeconds()),
              format(f.median(s -> s.reading().cpuSeconds())),
              format(f.median(s -> s.reading().taskCpuSeconds())),
              format(f.median(s -> s.reading().gcSeconds())),
              median(f, s -> s.reading().heapPeakBytes()),
              median(f, s -> s.reading().rssPeakBytes()),
              median(f, s -> s.reading().targetBytesRead()),
              median(f, s -> s.reading().targetFilesRead()),
              median(f, s -> s.reading().inputBytes()),
              median(f, s -> s.reading().shuffleBytes()),
              median(f, s -> s.reading().spilledBytes()),
              median(f, s -> s.delta("numTargetFilesRemoved")),
              median(f, s -> s.delta("numTargetFilesAdded")),
              median(f, s -> s.delta("numTargetRowsCopied")),
              median(f, s -> s.delta("numTargetDeletionVectorsAdded"))));
      csv.append('\n');
    }
    return csv.toString();
  }

  String json() {
    StringBuilder json = new StringBuilder("{\n  \"machine\": ");
    json.append(Json.object(machine)).append(",\n  \"figures\": [\n");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      json.append("    {\"scenario\": ")
          .append(Json.quote(f.scenario()))
          .append(", \"label\": ")
          .append(Json.quote(f.label()))
          .append(", \"rows\": ")
          .append(f.rows())
          .append(", \"skipped\": ")
          .append(Json.quote(f.skipped()))
          .append(", \"median_s\": ")
          .append(Json.number(f.medianSeconds()))
          .append(", \"min_s\": ")
          .append(Json.number(f.minSeconds()))
          .append(", \"max_s\": ")
          .append(Json.number(f.maxSeconds()))
          .append(", \"facts\": ")
          .append(Json.object(f.facts()))
          .append(", \"runs\": [");
      for (int r = 0; r < f.samples().size(); r++) {
        Figure.Sample s = f.samples().get(r);
        Probe.Reading reading = s.reading();
        json.append(r == 0 ? "" : ", ")
            .append("{\"seconds\": ")
            .append(Json.number(reading.seconds()))
            .append(", \"cpu_s\": ")
            .append(Json.number(reading.cpuSeconds()))
            .append(", \"task_cpu_s\": ")
            .append(Json.number(reading.taskCpuSeconds()))
            .append(", \"gc_s\": ")
            .append(Json.number(reading.gcSeconds()))
            .append(", \"heap_peak_bytes\": ")
            .append(reading.heapPeakBytes())
            .append(", \"rss_peak_bytes\": ")
            .append(reading.rssPeakBytes())
            .append(", \"target_bytes_read\": ")
            .append(reading.targetBytesRead())
            .append(", \"target_files_read\": ")
            .append(reading.targetFilesRead())
            .append(", \"input_bytes\": ")
            .append(reading.inputBytes())
            .append(", \"shuffle_bytes\": ")
            .append(reading.shuffleBytes())
            .append(", \"spilled_bytes\": ")
            .append(reading.spilledBytes())
            .append(", \"delta\": ")
            .append(Json.longs(s.delta()))
            .append('}');
      }
      json.append("]}").append(i + 1 < figures.size() ? ",\n" : "\n");
    }
    json.append("  ],\n  \"ratios\": [\n");
    List<Ratio> ratios = ratios();
    for (int i = 0; i < ratios.size(); i++) {
      Ratio r = ratios.get(i);
      json.append("    {\"name\": ")
          .append(Json.quote(r.name()))
          .append(", \"value\": ")
          .append(Json.number(r.value()))
          .append(", \"target\": ")
          .append(Json.quote(r.target()))
          .append(", \"met\": ")
          .append(r.met())
          .append(", \"basis\": ")
          .append(Json.quote(r.basis()))
          .append('}')
          .append(i + 1 < ratios.size() ? ",\n" : "\n");
    }
    return json.append("  ]\n}\n").toString();
  }

  private static String median(Figure f, ToDoubleFunction<Figure.Sample> figure) {
    return Long.toString(f.medianLong(figure));
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  static String mib(long bytes) {
    return bytes == 0 ? "-" : Long.toString(bytes >> 20);
  }

  /** Bytes in the largest unit that keeps a number of at least 1. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** Just enough JSON for flat maps, strings and numbers. */
  static final class Json {
    private Json() {}

    static String quote(String value) {
      return DemoData.Json.quote(value);
    }

    static String number(double value) {
      return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String object(Map<String, String> map) {
      List<String> fields = new ArrayList<>();
      map.forEach((k, v) -> fields.add(quote(k) + ": " + quote(v)));
      return "{" + String.join(", ", fields) + "}";
    }

    static String longs(Map<String, Long> map) {
      List<String> fields = new ArrayList<>();
      new java.util.TreeMap<>(map).forEach((k, v) -> fields.add(quote(k) + ": " + v));
      return "{" + String.join(", ", fields) + "}";
    }
  }
}
