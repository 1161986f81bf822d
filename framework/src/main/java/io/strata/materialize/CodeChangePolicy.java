package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.model.ModelSpec;
import io.strata.model.OnCodeChange;
import java.util.Optional;

/**
 * Which {@link OnCodeChange} a build applies to a model whose code changed.
 *
 * @param fallback the project's default ({@code strata.incremental.on-code-change}), for models
 *     that declare none
 * @param override this run's choice for every model ({@code build --on-code-change}), whatever they
 *     declare
 */
public record CodeChangePolicy(OnCodeChange fallback, Optional<OnCodeChange> override) {
  public static final CodeChangePolicy DEFAULT =
      new CodeChangePolicy(OnCodeChange.REBUILD, Optional.empty());

  public CodeChangePolicy {
    requireNonNull(fallback, "fallback is null");
    requireNonNull(override, "override is null");
  }

  public OnCodeChange of(ModelSpec spec) {
    return override.or(spec::onCodeChange).orElse(fallback);
  }
}
