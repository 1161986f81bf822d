package io.strata.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where configuration comes from, lowest precedence first: key defaults, {@code application.conf},
 * the profile's {@code <profile>.conf}, the {@code --config} file, {@code STRATA_*} environment
 * variables, then {@code --conf key=value} overrides.
 *
 * @param confDir directory with application.conf and the profiles; empty: the classpath's conf/
 */
public record ConfigSources(
    Optional<Path> confDir,
    String profile,
    Optional<Path> configFile,
    Map<String, String> environment,
    Map<String, String> overrides) {

  public ConfigSources {
    requireNonNull(confDir, "confDir is null");
    requireNonNull(profile, "profile is null");
    requireNonNull(configFile, "configFile is null");
    environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    overrides = Map.copyOf(requireNonNull(overrides, "overrides is null"));
  }

  /** The profile's files from the classpath, with nothing else. */
  public static ConfigSources profile(String profile) {
    return new ConfigSources(Optional.empty(), profile, Optional.empty(), Map.of(), Map.of());
  }

  public ConfigSources withConfDir(Path dir) {
    return new ConfigSources(Optional.of(dir), profile, configFile, environment, overrides);
  }

  public ConfigSources withOverrides(Map<String, String> overrides) {
    return new ConfigSources(confDir, profile, configFile, environment, overrides);
  }
}
