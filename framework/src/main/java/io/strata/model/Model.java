package io.strata.model;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A transformation from declared inputs to one table.
 *
 * <p>Implementations are stateless: the engine decides what the inputs hold (everything, or only
 * the rows landed since the last run for an incremental model) and how the result is stored.
 */
public interface Model {
  ModelSpec spec();

  /** Computes the model's rows from the inputs the context hands out. Must not write anything. */
  Dataset<Row> transform(ModelContext context);

  /**
   * What identifies the code that computes this model's rows, when its class does not: a model
   * whose code is data (SQL text, say) returns a hash of it, such as {@code
   * io.strata.materialize.Fingerprint.forSql(sql)}. Empty (the default): the bytecode of the
   * model's class and of its nested classes, without debug attributes.
   */
  default Optional<String> codeFingerprint() {
    return Optional.empty();
  }
}
