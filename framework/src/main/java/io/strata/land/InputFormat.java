package io.strata.land;

import io.strata.error.Errors;
import java.util.Locale;
import java.util.Optional;

/** File formats {@code strata land} reads. */
public enum InputFormat {
  JSON,
  CSV,
  PARQUET;

  /** The format an explicit choice names, or else the file's extension implies. */
  public static InputFormat of(String file, Optional<String> explicit) {
    if (explicit.isPresent()) {
      try {
        return valueOf(explicit.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Errors.usage("--format must be json, csv or parquet, not '" + explicit.get() + "'.");
      }
    }
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl") || lower.endsWith(".json") || lower.endsWith(".ndjson")) {
      return JSON;
    }
    if (lower.endsWith(".csv")) {
      return CSV;
    }
    if (lower.endsWith(".parquet")) {
      return PARQUET;
    }
    throw Errors.unreadableInput(
        file, "its extension is not .jsonl, .json, .csv or .parquet; pass --format");
  }
}
