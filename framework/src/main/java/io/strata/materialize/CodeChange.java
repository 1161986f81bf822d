package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.model.Model;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The models whose code changed between a table's last commit and this build, by name. */
record CodeChange(List<String> models) {
  static final CodeChange NONE = new CodeChange(List.of());

  CodeChange {
    models = List.copyOf(requireNonNull(models, "models is null"));
  }

  /**
   * What changed between the code {@code previous} recorded and {@code current}'s: models whose
   * hash differs, appeared or went. A commit made before per-model hashes were recorded is compared
   * by its one hash of {@code computed}, and then names every model of it when that differs.
   */
  static CodeChange between(CommitMetadata previous, CommitMetadata current, List<Model> computed) {
    if (previous.code().isEmpty()) {
      return previous.fingerprint().equals(Fingerprint.legacy(computed))
          ? NONE
          : new CodeChange(computed.stream().map(m -> m.spec().name()).sorted().toList());
    }
    TreeSet<String> changed = new TreeSet<>();
    Map<String, String> before = previous.code();
    Map<String, String> now = current.code();
    before.forEach(
        (name, hash) -> changed.addAll(hash.equals(now.get(name)) ? List.of() : List.of(name)));
    now.keySet().stream().filter(name -> !before.containsKey(name)).forEach(changed::add);
    return new CodeChange(List.copyOf(changed));
  }

  boolean isNone() {
    return models.isEmpty();
  }

  /** {@code code changed: stg_orders, fct_orders}. */
  String describe() {
    return "code changed: " + String.join(", ", models);
  }
}
