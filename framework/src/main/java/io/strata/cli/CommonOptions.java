package io.strata.cli;

import io.strata.config.ConfigSources;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.error.Errors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command shares: where configuration comes from, and overrides. */
final class CommonOptions {
  @Option(
      names = "--profile",
      defaultValue = "${env:STRATA_PROFILE:-local}",
      description = "Configuration profile: local, emr, databricks (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON file applied over the profile.")
  Path configFile;

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      description =
          "Directory holding application.conf and the profiles (default: $STRATA_CONF_DIR,"
              + " ./conf, or the conf/ bundled in the jar).")
  Path confDir;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "Override one key (strata.* or spark.*); repeatable.")
  List<String> conf = new ArrayList<>();

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse directory (strata.warehouse.dir; default ./warehouse).")
  String warehouse;

  StrataConfig load() {
    ConfigSources sources =
        new ConfigSources(
            confDir(), profile, Optional.ofNullable(configFile), System.getenv(), overrides());
    return StrataConfig.load(sources);
  }

  private Optional<Path> confDir() {
    if (confDir != null) {
      return Optional.of(confDir);
    }
    String fromEnv = System.getenv("STRATA_CONF_DIR");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Path.of(fromEnv));
    }
    Path local = Path.of("conf");
    return Files.isRegularFile(local.resolve("application.conf"))
        ? Optional.of(local)
        : Optional.empty();
  }

  Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String option : conf) {
      int eq = option.indexOf('=');
      if (eq <= 0) {
        throw Errors.badConfOption(option);
      }
      String key = option.substring(0, eq).trim();
      String value = option.substring(eq + 1);
      if (key.startsWith("spark.")) {
        key = StrataKeys.SPARK_CONF.path() + ".\"" + key + "\"";
      }
      overrides.put(key, value);
    }
    if (warehouse != null) {
      overrides.put(StrataKeys.WAREHOUSE_DIR.path(), warehouse);
    }
    return overrides;
  }
}
