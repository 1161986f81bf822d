package io.strata.cli;

import io.strata.materialize.BuildOutcome;
import io.strata.model.ModelSpec;
import io.strata.quality.FreshnessResult;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.run.ModelResult;
import io.strata.run.ModelStatus;
import io.strata.run.RunListener;
import io.strata.run.RunResult;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Prints one line as each model starts and ends, and the run's summary. */
final class ConsoleProgress implements RunListener {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final int WIDTH = 72;

  private final PrintStream out;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void started(int index, int total, ModelSpec model) {
    line(index, total, "START", model, "");
  }

  @Override
  public synchronized void finished(int index, int total, ModelResult result) {
    String word =
        switch (result.status()) {
          case SUCCESS -> "OK";
          case ERROR -> "ERROR";
          case SKIPPED -> "SKIP";
        };
    line(index, total, word, result.model(), "[" + detail(result) + "]");
    for (TestResult test : result.tests()) {
      out.printf(
          Locale.ROOT,
          "           %-5s %s (%d of %d rows fail)%n",
          test.status(),
          test.test(),
          test.failingRows(),
          test.checkedRows());
      test.samples().forEach(sample -> out.println("                 " + sample));
    }
  }

  private void line(int index, int total, String word, ModelSpec model, String tail) {
    String head =
        String.format(
            "%s %d of %d %-5s %s %s ",
            LocalTime.now().format(CLOCK),
            index,
            total,
            word,
            model.materialization().id(),
            model.table());
    String dots = tail.isEmpty() ? "" : ".".repeat(Math.max(3, WIDTH - head.length()));
    out.println((head + dots + " " + tail).stripTrailing());
    out.flush();
  }

  private static String testSummary(RunResult run) {
    long[] counts = new long[TestStatus.values().length];
    run.models().forEach(m -> m.tests().forEach(t -> counts[t.status().ordinal()]++));
    run.singularTests().forEach(t -> counts[t.status().ordinal()]++);
    long total = counts[0] + counts[1] + counts[2];
    return total == 0
        ? ""
        : String.format(
            " | TESTS PASS=%d WARN=%d ERROR=%d",
            counts[TestStatus.PASS.ordinal()],
            counts[TestStatus.WARN.ordinal()],
            counts[TestStatus.ERROR.ordinal()]);
  }

  private static String detail(ModelResult result) {
    if (result.status() == ModelStatus.SKIPPED) {
      return result.message();
    }
    String seconds = String.format(Locale.ROOT, "in %.1fs", result.seconds());
    if (result.status() == ModelStatus.ERROR) {
      return "ERROR " + seconds;
    }
    BuildOutcome outcome = result.outcome().orElseThrow();
    return switch (outcome.action()) {
      case MERGED -> "MERGE " + outcome.rows() + " rows " + seconds + ", " + outcome.detail();
      case REPLACED -> "WRITE " + outcome.rows() + " rows " + seconds + ", " + outcome.detail();
      case BACKFILLED ->
          "BACKFILL " + outcome.rows() + " rows " + seconds + ", " + outcome.detail();
      case UP_TO_DATE -> "UP TO DATE " + seconds + ", " + outcome.detail();
      case VIEW -> "VIEW " + seconds;
      case EPHEMERAL -> "EPHEMERAL";
    };
  }

  static String freshnessLine(FreshnessResult result) {
    return String.format("%-5s %-20s %s", result.status(), result.source(), result.message());
  }

  void summary(RunResult run) {
    out.println();
    run.freshness().stream()
        .filter(f -> f.status() != TestStatus.PASS)
        .forEach(f -> out.println("Source freshness: " + freshnessLine(f)));
    out.printf(
        Locale.ROOT,
        "Finished %d models in %.1fs (shuffle partitions: %d).%n",
        run.models().size(),
        run.seconds(),
        run.shufflePartitions());
    for (TestResult test : run.singularTests()) {
      out.println(test.describe());
    }
    for (ModelResult result : run.models()) {
      if (result.status() == ModelStatus.ERROR) {
        out.println();
        out.println("ERROR in " + result.model().table() + ":");
        out.println("  " + result.message().replace("\n", "\n  "));
      }
    }
    out.println();
    out.println(run.summary() + testSummary(run));
    out.flush();
  }
}
