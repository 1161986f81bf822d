package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * A code change a build accepted forward-only: rows merged into the table from {@code version} on
 * have the new code of {@code models}, rows merged before keep the old code.
 *
 * @param version the table's Delta version whose commit accepted the change
 */
public record ForwardOnly(long version, List<String> models) {
  public ForwardOnly {
    models = List.copyOf(requireNonNull(models, "models is null"));
  }

  /**
   * The forward-only acceptances since the table's last full build, newest first: empty when its
   * rows were all computed by the code of that build or later (read from the table's Delta log).
   */
  public static List<ForwardOnly> since(SparkSession spark, Warehouse warehouse, TableName table) {
    List<ForwardOnly> accepted = new ArrayList<>();
    if (!warehouse.exists(table)) {
      return accepted;
    }
    for (Warehouse.Commit commit :
        (Iterable<Warehouse.Commit>) warehouse.commits(spark, table)::iterator) {
      commit
          .userMetadata()
          .flatMap(CommitMetadata::parse)
          .filter(m -> !m.forwardOnly().isEmpty())
          .ifPresent(m -> accepted.add(new ForwardOnly(commit.version(), m.forwardOnly())));
      if (replacesTable(commit.operation())) {
        break;
      }
    }
    return accepted;
  }

  private static boolean replacesTable(String operation) {
    String op = operation.toUpperCase(Locale.ROOT);
    return op.contains("WRITE") || op.contains("REPLACE") || op.startsWith("CREATE");
  }
}
