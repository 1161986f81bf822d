package io.strata.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * A typed configuration key, declared once with its default, parser and validation.
 *
 * @param <T> the parsed value's type
 */
public final class ConfigKey<T> {
  private final String path;
  private final String description;
  private final T defaultValue;
  private final ValueParser<T> parser;

  ConfigKey(String path, String description, T defaultValue, ValueParser<T> parser) {
    this.path = requireNonNull(path, "path is null");
    this.description = requireNonNull(description, "description is null");
    this.defaultValue = requireNonNull(defaultValue, "defaultValue is null");
    this.parser = requireNonNull(parser, "parser is null");
  }

  public String path() {
    return path;
  }

  public String description() {
    return description;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** Whether the value is masked when shown: the key names a password, secret, token or key. */
  public boolean isSecret() {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("token")
        || lower.matches(".*[.\\-_]key([.\\-_].*)?$")
        || lower.contains("access-key");
  }

  /** Environment variable that sets this key: {@code STRATA_SPARK_SHUFFLE_PARTITIONS}. */
  public String environmentVariable() {
    return path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  T parse(Config config) {
    return parser.parse(config, path);
  }

  /**
   * Parses and validates one key's value; throws {@link IllegalArgumentException} naming the form.
   */
  @FunctionalInterface
  interface ValueParser<T> {
    T parse(Config config, String path);
  }

  @Override
  public String toString() {
    return path;
  }
}
