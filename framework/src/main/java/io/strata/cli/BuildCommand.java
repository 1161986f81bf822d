package io.strata.cli;

import io.strata.config.StrataKeys;
import io.strata.materialize.BackfillRange;
import io.strata.materialize.CommitHook;
import io.strata.model.ModelSpec;
import io.strata.quality.TestOptions;
import io.strata.run.BuildLease;
import io.strata.run.BuildRequest;
import io.strata.run.RunArtifacts;
import io.strata.run.RunHistory;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata build}: builds the selected models in dependency order. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build the selected models (all by default) in dependency order.")
class BuildCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Mixin SelectionOptions selection;

  @Mixin BackfillOptions backfill;

  @Option(
      names = "--full-refresh",
      description = "Rebuild tables and incremental models from all input.")
  boolean fullRefresh;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Models built at once (default strata.run.threads, 1).")
  Integer threads;

  @Option(
      names = "--target-dir",
      paramLabel = "DIR",
      description = "Where run_results.json and manifest.json go (default strata.run.target-dir).")
  java.nio.file.Path targetDir;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      description =
          "When another build holds the warehouse, wait up to this long (such as 90s, 10m, 1h)"
              + " for it to end instead of failing at once.")
  String waitFor;

  @Option(names = "--warn-error", description = "Treat data-test warnings as errors.")
  boolean warnError;

  @Option(
      names = "--full-tests",
      description = "Test incremental models over the whole table, not only the merged rows.")
  boolean fullTests;

  @Option(
      names = "--store-failures",
      description = "Write every offending row of a failing test to audit.<model>__<test>.")
  boolean storeFailures;

  @Option(
      names = "--on-code-change",
      paramLabel = "POLICY",
      description =
          "For this run, what every incremental or snapshot model whose code (or an upstream"
              + " model's) changed does: rebuild, fail or forward_only (default: the model's"
              + " onCodeChange, else strata.incremental.on-code-change).")
  String onCodeChange;

  /** How this command runs data tests. */
  TestOptions testOptions() {
    return new TestOptions(warnError, fullTests, storeFailures);
  }

  /** The arguments this build was started with, command name first. */
  private List<String> invocation() {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (args.isEmpty() || !args.get(0).equals(spec.name())) {
      args.add(0, spec.name());
    }
    return args;
  }

  @Override
  public Integer call() {
    TestOptions tests = testOptions();
    Optional<BackfillRange> range = backfill.range(fullRefresh, selection.selectors());
    Workspace workspace = Workspace.open(options);
    List<ModelSpec> selected = selection.resolve(workspace.graph());
    if (range.isPresent()) {
      BackfillOptions.requireBackfillable(selected);
    }
    int n = threads != null ? threads : workspace.config().get(StrataKeys.THREADS);
    if (n < 1) {
      throw io.strata.error.Errors.usage("--threads must be at least 1, got " + n + ".");
    }
    java.time.Duration wait = LeaseWait.parse(waitFor);
    workspace.requireWarehouse();
    range.ifPresent(
        r -> selected.forEach(m -> r.check(workspace.spark(), workspace.warehouse(), m)));
    System.out.println(workspace.delta().describe());
    String runId = java.util.UUID.randomUUID().toString();
    try (BuildLease lease =
        LeaseWait.take(workspace, runId, String.join(" ", invocation()), wait)) {
      lease.keepAlive();
      return build(workspace, runId, n, tests, range);
    }
  }

  /** Builds while holding the warehouse's lease; writes the run's results and history. */
  private int build(
      Workspace workspace, String runId, int n, TestOptions tests, Optional<BackfillRange> range) {
    ConsoleProgress progress = new ConsoleProgress(System.out);
    Runner runner =
        new Runner(
            workspace.spark(),
            workspace.config(),
            workspace.graph(),
            workspace.warehouse(),
            progress,
            CommitHook.NONE);
    BuildRequest request =
        new BuildRequest(
            selection.selectors(),
            selection.excludes,
            fullRefresh,
            n,
            tests,
            CodeChangeOption.parse(onCodeChange),
            Optional.empty());
    RunResult result = runner.build(range.map(request::withBackfill).orElse(request));
    progress.summary(result);
    java.nio.file.Path written =
        RunArtifacts.write(
            targetDir != null
                ? targetDir
                : java.nio.file.Path.of(workspace.config().get(StrataKeys.TARGET_DIR)),
            workspace.graph(),
            result,
            runId,
            invocation(),
            java.time.Instant.now());
    System.out.println("Run results: " + written);
    RunHistory.append(
        workspace.spark(),
        workspace.warehouse(),
        result,
        runId,
        invocation(),
        java.time.Instant.now());
    return result.exitCode();
  }
}
