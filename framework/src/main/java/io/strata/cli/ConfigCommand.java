package io.strata.cli;

import io.strata.session.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata config --show}: the effective configuration and where each value came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Validate the configuration, and print it with --show (secrets masked).")
final class ConfigCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Option(names = "--show", description = "Print every key, its value and its origin.")
  boolean show;

  @Override
  public Integer call() {
    io.strata.config.StrataConfig config = options.load();
    if (!show) {
      System.out.println("Configuration is valid (profile " + config.profile() + ").");
      return 0;
    }
    config.describe().forEach(System.out::println);
    System.out.println();
    System.out.println("# Spark settings the session gets:");
    for (Map.Entry<String, String> setting : SparkSessions.settings(config).entrySet()) {
      System.out.println("# " + setting.getKey() + " = " + setting.getValue());
    }
    return 0;
  }
}
