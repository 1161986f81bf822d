package io.strata.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The layers data moves through, upstream first: raw, staging, intermediate, marts. */
public enum Layer {
  RAW("raw", ""),
  STAGING("staging", "stg_"),
  INTERMEDIATE("intermediate", "int_"),
  MARTS("marts", "fct_", "dim_"),
  /** Strata's own records: stored test failures and the run history. Holds no models. */
  AUDIT("audit");

  private final String id;
  private final String[] prefixes;

  Layer(String id, String... prefixes) {
    this.id = id;
    this.prefixes = prefixes;
  }

  /** The lower-case name used in table names ({@code marts.fct_orders}) and selectors. */
  public String id() {
    return id;
  }

  /** Name prefixes a model of this layer must start with (empty for raw sources). */
  public java.util.List<String> prefixes() {
    return java.util.List.of(prefixes);
  }

  public boolean isUpstreamOf(Layer other) {
    return ordinal() < other.ordinal();
  }

  public static Optional<Layer> parse(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.id.equals(wanted)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
