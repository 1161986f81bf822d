package io.strata.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.strata.error.Errors;
import io.strata.error.Suggestions;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration block that opens a SQL model's file (a block comment holding {@code strata {
 * ... }}), parsed as HOCON; every value read through it is checked, and a failure names the file
 * and the line.
 */
final class SqlHeader {
  private static final Pattern OPENING =
      Pattern.compile("\\A(?:\\s|--[^\\n]*(?:\\n|\\z))*/\\*(?=\\s*strata\\b)");
  private static final Pattern ANYWHERE = Pattern.compile("/\\*\\s*strata\\b");
  private static final Pattern ORIGIN_PREFIX = Pattern.compile("^header(?::\\s*\\d+)?:\\s*");

  private final String file;
  private final int firstLine;
  private final Config config;
  private final List<String> lines;

  private SqlHeader(String file, int firstLine, Config config, List<String> lines) {
    this.file = file;
    this.firstLine = firstLine;
    this.config = config;
    this.lines = lines;
  }

  private SqlHeader with(Config other) {
    return new SqlHeader(file, firstLine, other, lines);
  }

  /** The header of {@code text}; an empty one when the file has none. */
  static SqlHeader parse(String file, String text) {
    Matcher opening = OPENING.matcher(text);
    boolean found = opening.find();
    Matcher anywhere = ANYWHERE.matcher(text);
    if (anywhere.find(found ? opening.end() : 0)) {
      throw Errors.sqlHeaderUnparsable(
          file,
          lineOf(text, anywhere.start()),
          "a /* strata ... */ block must open the file, before any SQL or other block comment");
    }
    if (!found) {
      return new SqlHeader(file, 1, ConfigFactory.empty(), List.of());
    }
    int start = opening.end();
    int end = text.indexOf("*/", start);
    int line = lineOf(text, start);
    if (end < 0) {
      throw Errors.sqlHeaderUnparsable(file, line, "the comment is never closed with */");
    }
    Config parsed = hocon(file, line, text.substring(start, end));
    return new SqlHeader(file, line, parsed, text.lines().toList()).checkedRoot();
  }

  private static Config hocon(String file, int line, String content) {
    try {
      return ConfigFactory.parseString(
              content, ConfigParseOptions.defaults().setOriginDescription("header"))
          .resolve();
    } catch (ConfigException e) {
      int at = e.origin() != null && e.origin().lineNumber() > 0 ? e.origin().lineNumber() : 1;
      String message = ORIGIN_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst("");
      throw Errors.sqlHeaderUnparsable(file, line + at - 1, message);
    }
  }

  private SqlHeader checkedRoot() {
    for (String key : config.root().keySet()) {
      if (!key.equals("strata")) {
        throw unknownKey(key, config.root().get(key), List.of("strata"));
      }
    }
    ConfigValue strata = config.root().get("strata");
    if (strata.valueType() != ConfigValueType.OBJECT) {
      throw badValue("strata", strata, "must be an object: strata { materialized = table, ... }");
    }
    return with(((ConfigObject) strata).toConfig());
  }

  /** Fails on the first key not among {@code known}, suggesting the closest. */
  void requireKnownKeys(Collection<String> known) {
    for (String key : config.root().keySet()) {
      if (!known.contains(key)) {
        throw unknownKey(key, config.root().get(key), known);
      }
    }
  }

  boolean has(String key) {
    return config.hasPath(key);
  }

  Optional<String> string(String key) {
    return read(key, "must be a string", c -> c.getString(key));
  }

  Optional<Boolean> bool(String key) {
    return read(key, "must be true or false", c -> c.getBoolean(key));
  }

  Optional<Duration> duration(String key) {
    return read(key, "must be a duration such as 3 days, 36h or 0", c -> c.getDuration(key));
  }

  Optional<Double> number(String key) {
    return read(key, "must be a number", c -> c.getDouble(key));
  }

  Optional<Long> whole(String key) {
    return read(key, "must be a whole number", c -> c.getLong(key));
  }

  /** A string, or a list of strings. */
  List<String> strings(String key) {
    if (!has(key)) {
      return List.of();
    }
    if (config.getValue(key).valueType() == ConfigValueType.LIST) {
      return read(key, "must be a string or a list of strings", c -> c.getStringList(key))
          .orElseThrow();
    }
    return List.of(string(key).orElseThrow());
  }

  /** One of {@code type}'s constants, by lower-case name. */
  <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
    List<String> ids = List.of(type.getEnumConstants()).stream().map(SqlHeader::id).toList();
    return string(key)
        .map(
            value -> {
              int at = ids.indexOf(value.toLowerCase(Locale.ROOT));
              if (at < 0) {
                throw badValue(key, config.getValue(key), "must be one of " + ids);
              }
              return type.getEnumConstants()[at];
            });
  }

  /** The objects of a list, each as a header of its own (same file and lines). */
  List<SqlHeader> objects(String key) {
    if (!has(key)) {
      return List.of();
    }
    return read(key, "must be a list of objects", c -> c.getConfigList(key)).orElseThrow().stream()
        .map(this::with)
        .toList();
  }

  /** The object at {@code key} as a header of its own. */
  SqlHeader object(String key) {
    return with(read(key, "must be an object", c -> c.getConfig(key)).orElseThrow());
  }

  /** The keys of this object, in the order they are written. */
  List<String> keysInOrder() {
    return config.root().keySet().stream()
        .sorted(Comparator.comparingInt(this::lineOfKey).thenComparingInt(this::columnOfKey))
        .toList();
  }

  private int lineOfKey(String key) {
    return lineOf(config.root().get(key));
  }

  private int columnOfKey(String key) {
    int line = lineOfKey(key);
    return line <= lines.size() ? lines.get(line - 1).indexOf(key) : 0;
  }

  /** The key's line in the file (the header's first line when unknown). */
  int line(String key) {
    return has(key) ? lineOf(config.getValue(key)) : line();
  }

  /** The line of this object in the file. */
  int line() {
    return lineOf(config.root());
  }

  /** A failure of this object as a whole, reported under {@code key}. */
  RuntimeException badObject(String key, String problem) {
    return Errors.sqlHeaderBadValue(file, line(), key, problem);
  }

  RuntimeException badValue(String key, String problem) {
    return Errors.sqlHeaderBadValue(file, line(key), key, problem);
  }

  private RuntimeException badValue(String key, ConfigValue value, String problem) {
    return Errors.sqlHeaderBadValue(file, lineOf(value), key, problem);
  }

  private RuntimeException unknownKey(String key, ConfigValue value, Collection<String> known) {
    return Errors.sqlHeaderUnknownKey(
        file, lineOf(value), key, Suggestions.closest(key, List.copyOf(known)));
  }

  private <T> Optional<T> read(String key, String expected, Function<Config, T> getter) {
    if (!has(key)) {
      return Optional.empty();
    }
    try {
      return Optional.of(getter.apply(config));
    } catch (ConfigException e) {
      throw badValue(key, config.getValue(key), expected);
    }
  }

  private int lineOf(ConfigValue value) {
    int line = value == null || value.origin() == null ? -1 : value.origin().lineNumber();
    return line > 0 ? firstLine + line - 1 : firstLine;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
