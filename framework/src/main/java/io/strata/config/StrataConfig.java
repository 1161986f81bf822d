package io.strata.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The effective configuration: every declared key's value and where it came from. */
public final class StrataConfig {
  private final String profile;
  private final Map<ConfigKey<?>, Object> values;
  private final Map<ConfigKey<?>, String> origins;

  StrataConfig(
      String profile, Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> origins) {
    this.profile = requireNonNull(profile, "profile is null");
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
  }

  /** Loads and validates configuration; fails before Spark starts on any unknown key or value. */
  public static StrataConfig load(ConfigSources sources) {
    return new ConfigLoader(sources).load();
  }

  /** Every key at its default: for tests and tools that need no files. */
  public static StrataConfig defaults() {
    return new ConfigLoader(ConfigSources.profile("none")).loadDefaultsOnly();
  }

  /** A copy with one key changed, for programmatic overrides. */
  public <T> StrataConfig with(ConfigKey<T> key, T value) {
    Map<ConfigKey<?>, Object> copy = new java.util.HashMap<>(values);
    copy.put(key, requireNonNull(value, "value is null"));
    Map<ConfigKey<?>, String> copyOrigins = new java.util.HashMap<>(origins);
    copyOrigins.put(key, "set by the caller");
    return new StrataConfig(profile, copy, copyOrigins);
  }

  public String profile() {
    return profile;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  public String origin(ConfigKey<?> key) {
    return origins.get(key);
  }

  /** One line per key: {@code key = value # origin}, secrets masked. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("# profile: " + profile);
    for (ConfigKey<?> key : StrataKeys.ALL) {
      lines.add(String.format("%s = %s  # %s", key.path(), shown(key), origin(key)));
    }
    return lines;
  }

  private String shown(ConfigKey<?> key) {
    Object value = get(key);
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      map.entrySet().stream()
          .sorted(Map.Entry.comparingByKey((a, b) -> a.toString().compareTo(b.toString())))
          .forEach(
              e ->
                  entries.add(
                      "\"" + e.getKey() + "\" = " + masked(e.getKey().toString(), e.getValue())));
      return "{ " + String.join(", ", entries) + " }";
    }
    return key.isSecret() ? "******" : String.valueOf(value);
  }

  private static String masked(String name, Object value) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    boolean secret =
        lower.contains("password")
            || lower.contains("secret")
            || lower.contains("token")
            || lower.contains("key");
    return secret ? "******" : String.valueOf(value);
  }
}
