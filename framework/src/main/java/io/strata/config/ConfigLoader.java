package io.strata.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.strata.error.Errors;
import io.strata.error.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Reads the configuration layers, rejects unknown keys, and parses every declared key. */
final class ConfigLoader {
  private static final String CLASSPATH_DIR = "conf/";
  private static final String DEFAULT_ORIGIN = "built-in default";

  private final ConfigSources sources;

  ConfigLoader(ConfigSources sources) {
    this.sources = sources;
  }

  StrataConfig load() {
    List<Config> layers = new ArrayList<>();
    layers.add(confFile("application", false));
    layers.add(confFile(sources.profile(), true));
    sources.configFile().ifPresent(file -> layers.add(parseFile(file)));
    layers.add(environment());
    layers.add(overrides());
    layers.forEach(ConfigLoader::rejectUnknownKeys);
    Config merged = ConfigFactory.empty();
    for (Config layer : layers) {
      merged = layer.withFallback(merged);
    }
    return parse(merged.resolve());
  }

  StrataConfig loadDefaultsOnly() {
    return parse(ConfigFactory.empty());
  }

  private StrataConfig parse(Config merged) {
    Map<ConfigKey<?>, Object> values = new HashMap<>();
    Map<ConfigKey<?>, String> origins = new HashMap<>();
    for (ConfigKey<?> key : StrataKeys.ALL) {
      if (!merged.hasPath(key.path())) {
        values.put(key, key.defaultValue());
        origins.put(key, DEFAULT_ORIGIN);
        continue;
      }
      ConfigValue raw = merged.getValue(key.path());
      String origin = describe(raw);
      try {
        values.put(key, key.parse(merged));
      } catch (IllegalArgumentException e) {
        throw Errors.badConfigValue(key.path(), raw.unwrapped(), origin, e.getMessage());
      } catch (ConfigException e) {
        throw Errors.badConfigValue(
            key.path(),
            raw.unwrapped(),
            origin,
            "a "
                + raw.valueType().name().toLowerCase(java.util.Locale.ROOT)
                + " of the key's type");
      }
      origins.put(key, origin);
    }
    return new StrataConfig(sources.profile(), values, origins);
  }

  private static String describe(ConfigValue value) {
    return value.origin().description().replaceFirst("^merge of ", "");
  }

  private Config confFile(String name, boolean required) {
    String fileName = name + ".conf";
    if (sources.confDir().isPresent()) {
      Path file = sources.confDir().get().resolve(fileName);
      if (Files.isRegularFile(file)) {
        return parseFile(file);
      }
    } else {
      Config fromClasspath = classpathFile(fileName);
      if (fromClasspath != null) {
        return fromClasspath;
      }
    }
    if (required) {
      throw Errors.unknownProfile(name, knownProfiles());
    }
    return ConfigFactory.empty();
  }

  private Config classpathFile(String fileName) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_DIR + fileName)) {
      if (in == null) {
        return null;
      }
      return ConfigFactory.parseReader(
          new InputStreamReader(in, StandardCharsets.UTF_8),
          ConfigParseOptions.defaults().setOriginDescription("classpath conf/" + fileName));
    } catch (IOException | ConfigException e) {
      throw Errors.unreadableConfigFile("classpath conf/" + fileName, e.getMessage());
    }
  }

  private List<String> knownProfiles() {
    if (sources.confDir().isEmpty()) {
      return List.of("local", "emr", "databricks");
    }
    try (Stream<Path> files = Files.list(sources.confDir().get())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf") && !n.equals("application.conf"))
          .map(n -> n.substring(0, n.length() - ".conf".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw Errors.unreadableConfigFile(file.toString(), "no such file");
    }
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw Errors.unreadableConfigFile(file.toString(), e.getMessage());
    }
  }

  private Config environment() {
    Config config = ConfigFactory.empty();
    for (ConfigKey<?> key : StrataKeys.ALL) {
      String value = sources.environment().get(key.environmentVariable());
      if (value != null && !StrataKeys.isMapKey(key)) {
        config =
            ConfigFactory.parseMap(
                    Map.of(key.path(), value), "environment variable " + key.environmentVariable())
                .withFallback(config);
      }
    }
    return config;
  }

  private Config overrides() {
    Config config = ConfigFactory.empty();
    for (Map.Entry<String, String> entry : sources.overrides().entrySet()) {
      String key = entry.getKey();
      Config one;
      try {
        one =
            ConfigFactory.parseString(
                key + " = " + ConfigUtil.quoteString(entry.getValue()),
                ConfigParseOptions.defaults().setOriginDescription("--conf " + key));
      } catch (ConfigException e) {
        throw Errors.badConfOption(key + "=" + entry.getValue());
      }
      config = one.withFallback(config);
    }
    return config;
  }

  private static void rejectUnknownKeys(Config layer) {
    if (!layer.hasPath("strata")) {
      return;
    }
    List<String> declared = StrataKeys.ALL.stream().map(ConfigKey::path).toList();
    for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
      String path = entry.getKey();
      if (!path.startsWith("strata.") || isDeclared(path)) {
        continue;
      }
      throw Errors.unknownConfigKey(
          path,
          entry.getValue().unwrapped(),
          describe(entry.getValue()),
          Suggestions.closest(path, new TreeSet<>(declared)));
    }
  }

  private static boolean isDeclared(String path) {
    for (ConfigKey<?> key : StrataKeys.ALL) {
      if (path.equals(key.path())
          || (StrataKeys.isMapKey(key) && path.startsWith(key.path() + "."))) {
        return true;
      }
    }
    return false;
  }
}
