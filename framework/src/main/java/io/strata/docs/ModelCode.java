package io.strata.docs;

import static java.util.Objects.requireNonNull;

import io.strata.model.Model;
import io.strata.model.SqlModel;

/**
 * What the site shows as a model's code.
 *
 * @param language {@code java} (the text is the class name) or {@code sql} (the text is the query)
 */
public record ModelCode(String language, String text) {
  public ModelCode {
    requireNonNull(language, "language is null");
    requireNonNull(text, "text is null");
  }

  /** The model's code: a SQL model's file, or the class that implements a Java model. */
  public static ModelCode of(Model model) {
    return model instanceof SqlModel sql
        ? new ModelCode("sql", sql.sql())
        : new ModelCode("java", model.getClass().getName());
  }
}
