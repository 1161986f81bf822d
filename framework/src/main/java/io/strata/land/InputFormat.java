package io.strata.land;

import io.strata.error.Errors;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** File formats {@code strata land} reads, each known by its file extensions. */
public enum InputFormat {
  JSON(List.of(".jsonl", ".json", ".ndjson")),
  CSV(List.of(".csv")),
  PARQUET(List.of(".parquet"));

  private final List<String> extensions;

  InputFormat(List<String> extensions) {
    this.extensions = extensions;
  }

  /** Whether the file's name ends with one of this format's extensions (in any case). */
  public boolean named(String file) {
    String lower = file.toLowerCase(Locale.ROOT);
    return extensions.stream().anyMatch(lower::endsWith);
  }

  /** This format's extensions, for messages: {@code .jsonl, .json or .ndjson}. */
  public String extensionList() {
    return String.join(", ", extensions.subList(0, extensions.size() - 1))
        + (extensions.size() > 1 ? " or " : "")
        + extensions.get(extensions.size() - 1);
  }

  /** The format an explicit choice names, or else the file's extension implies. */
  public static InputFormat of(String file, Optional<String> explicit) {
    if (explicit.isPresent()) {
      try {
        return valueOf(explicit.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Errors.usage("--format must be json, csv or parquet, not '" + explicit.get() + "'.");
      }
    }
    for (InputFormat format : values()) {
      if (format.named(file)) {
        return format;
      }
    }
    throw Errors.unreadableInput(
        file, "its extension is not .jsonl, .json, .ndjson, .csv or .parquet; pass --format");
  }
}
