package io.strata.cli;

import io.strata.quality.FreshnessChecker;
import io.strata.quality.FreshnessResult;
import io.strata.quality.TestStatus;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strata freshness}: how recently each raw source received data. */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "Check each raw source's newest landing against its warn_after and error_after; exit 1"
            + " when a source is past error_after.")
final class FreshnessCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    List<FreshnessResult> results =
        new FreshnessChecker(workspace.spark(), workspace.warehouse(), Clock.systemUTC())
            .check(workspace.graph().sources());
    if (results.isEmpty()) {
      System.out.println("No source declares freshness thresholds.");
      return 0;
    }
    results.forEach(r -> System.out.println(ConsoleProgress.freshnessLine(r)));
    return results.stream().anyMatch(r -> r.status() == TestStatus.ERROR) ? 1 : 0;
  }
}
