package io.strata.cli;

import io.strata.error.Errors;
import io.strata.quality.TestOptions;
import picocli.CommandLine.Command;

/**
 * {@code strata run}: builds models without their data tests nor the singular tests; {@code build}
 * and {@code test} run them.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Build the selected models without running their data tests.")
final class RunCommand extends BuildCommand {
  @Override
  TestOptions testOptions() {
    if (warnError) {
      throw Errors.testOptionWithoutTests("--warn-error");
    }
    if (fullTests) {
      throw Errors.testOptionWithoutTests("--full-tests");
    }
    if (backfill.backfill) {
      throw Errors.usage(
          "--backfill runs the model's data tests before its commit, so it is not run under"
              + " 'strata run'. Use strata build MODEL --backfill --from DATE.");
    }
    if (storeFailures) {
      throw Errors.testOptionWithoutTests("--store-failures");
    }
    return TestOptions.SKIP;
  }
}
