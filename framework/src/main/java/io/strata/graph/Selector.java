package io.strata.graph;

import io.strata.error.Errors;
import io.strata.model.Layer;

/**
 * One dbt-style selector: {@code name}, {@code +name}, {@code name+}, {@code layer:x}, {@code
 * tag:x}.
 */
public sealed interface Selector {
  /** A model by name, with its ancestors and/or descendants. */
  record ByName(String name, boolean ancestors, boolean descendants) implements Selector {}

  record ByLayer(Layer layer) implements Selector {}

  record ByTag(String tag) implements Selector {}

  /** Parses one selector; fails with the accepted forms. */
  static Selector parse(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw Errors.badSelector(text, "it is empty");
    }
    if (trimmed.startsWith("layer:")) {
      String layer = trimmed.substring("layer:".length());
      return new ByLayer(
          Layer.parse(layer)
              .filter(l -> l != Layer.RAW && l != Layer.AUDIT)
              .orElseThrow(
                  () -> Errors.badSelector(text, "layers are staging, intermediate and marts")));
    }
    if (trimmed.startsWith("tag:")) {
      String tag = trimmed.substring("tag:".length());
      if (tag.isEmpty()) {
        throw Errors.badSelector(text, "the tag is empty");
      }
      return new ByTag(tag);
    }
    boolean ancestors = trimmed.startsWith("+");
    boolean descendants = trimmed.endsWith("+");
    String name = trimmed.substring(ancestors ? 1 : 0, trimmed.length() - (descendants ? 1 : 0));
    int dot = name.indexOf('.');
    if (dot > 0 && Layer.parse(name.substring(0, dot)).isPresent()) {
      name = name.substring(dot + 1);
    }
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw Errors.badSelector(text, "a model name has letters, digits and underscores");
    }
    return new ByName(name, ancestors, descendants);
  }
}
