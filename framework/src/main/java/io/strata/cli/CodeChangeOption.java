package io.strata.cli;

import io.strata.error.Errors;
import io.strata.model.OnCodeChange;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The value of {@code --on-code-change}: rebuild, fail or forward_only (any case, - or _). */
final class CodeChangeOption {
  private CodeChangeOption() {}

  static Optional<OnCodeChange> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return Optional.of(
        Arrays.stream(OnCodeChange.values())
            .filter(policy -> policy.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    Errors.usage(
                        "--on-code-change takes rebuild, fail or forward_only, not '"
                            + value
                            + "'.")));
  }
}
