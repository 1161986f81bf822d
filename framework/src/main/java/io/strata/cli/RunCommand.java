package io.strata.cli;

import picocli.CommandLine.Command;

/** {@code strata run}: builds models; data tests are left to {@code build}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Build the selected models without running their data tests.")
final class RunCommand extends BuildCommand {}
