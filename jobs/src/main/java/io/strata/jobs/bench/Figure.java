package io.strata.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One scenario at one size: every measured run (warm-ups excluded) and the facts the runs share.
 *
 * @param scenario short id, such as {@code incremental}
 * @param rows rows of {@code fct_orders} the scenario starts from
 * @param samples the measured runs, at least one unless {@code skipped} says why not
 * @param facts per-scenario figures read after a run: files rewritten, partitions chosen
 */
record Figure(
    String scenario,
    String label,
    long rows,
    List<Sample> samples,
    Map<String, String> facts,
    String skipped) {
  Figure {
    requireNonNull(scenario, "scenario is null");
    requireNonNull(label, "label is null");
    samples = List.copyOf(requireNonNull(samples, "samples is null"));
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    requireNonNull(skipped, "skipped is null");
  }

  static Figure skipped(String scenario, String label, long rows, String why) {
    return new Figure(scenario, label, rows, List.of(), Map.of(), why);
  }

  /** One measured run and the Delta metrics of the commit it made. */
  record Sample(Probe.Reading reading, Map<String, Long> delta) {
    Sample {
      requireNonNull(reading, "reading is null");
      delta = Map.copyOf(delta);
    }

    long delta(String metric) {
      return delta.getOrDefault(metric, 0L);
    }
  }

  boolean measured() {
    return !samples.isEmpty();
  }

  double medianSeconds() {
    return median(s -> s.reading().seconds());
  }

  double minSeconds() {
    return samples.stream().mapToDouble(s -> s.reading().seconds()).min().orElse(Double.NaN);
  }

  double maxSeconds() {
    return samples.stream().mapToDouble(s -> s.reading().seconds()).max().orElse(Double.NaN);
  }

  /** The median of a figure over the runs (the lower middle one for an even count). */
  double median(ToDoubleFunction<Sample> figure) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted =
        samples.stream().map(figure::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  long medianLong(ToDoubleFunction<Sample> figure) {
    return Math.round(median(figure));
  }
}
