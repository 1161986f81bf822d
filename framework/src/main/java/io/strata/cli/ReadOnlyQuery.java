package io.strata.cli;

import io.strata.error.Errors;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.collection.JavaConverters;

/**
 * What {@code strata query} may run: a query, or a statement that only describes ({@code DESCRIBE},
 * {@code SHOW}, {@code EXPLAIN}). Anything that writes or changes a table or the catalog is refused
 * before it runs, as is SQL that does not parse.
 */
final class ReadOnlyQuery {
  private static final List<String> DESCRIBING = List.of("Describe", "Show", "Explain");

  private ReadOnlyQuery() {}

  /** Throws a usage error (exit 2) for SQL that does not parse or is not read-only. */
  static void check(SparkSession spark, String sql) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (ParseException e) {
      throw Errors.querySyntax(sql, e.getMessage());
    }
    Deque<LogicalPlan> nodes = new ArrayDeque<>(List.of(plan));
    while (!nodes.isEmpty()) {
      LogicalPlan node = nodes.pop();
      if (writes(node)) {
        throw Errors.queryWrites(sql, node.nodeName());
      }
      nodes.addAll(JavaConverters.seqAsJavaList(node.children()));
    }
  }

  private static boolean writes(LogicalPlan node) {
    boolean statement = node instanceof Command || node instanceof ParsedStatement;
    String name = node.getClass().getSimpleName();
    return statement && DESCRIBING.stream().noneMatch(name::startsWith);
  }
}
