package io.strata.model;

import io.strata.error.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.trees.Origin;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The tables a query reads, from Spark's own parser: the unresolved relations of its parsed plan
 * (subqueries and common table expressions included), leaving out the names of its common table
 * expressions. Parsing runs no Spark job and needs no session.
 */
final class SqlRelations {
  /** A table the query names, with the line (of the text parsed) and the text as written. */
  record Relation(List<String> parts, int line, String written) {
    String name() {
      return String.join(".", parts);
    }
  }

  private final String sql;
  private final List<Relation> found = new ArrayList<>();
  private final Set<String> cteNames = new HashSet<>();

  private SqlRelations(String sql) {
    this.sql = sql;
  }

  /** Every table {@code sql} reads, in the order met; fails naming {@code file} if it cannot. */
  static List<Relation> of(String file, String sql) {
    LogicalPlan plan;
    try {
      plan = CatalystSqlParser$.MODULE$.parsePlan(sql);
    } catch (Exception e) { // ParseException, which Scala does not declare
      if (e instanceof ParseException) {
        throw Errors.sqlUnparsable(file, e.getMessage());
      }
      throw e;
    }
    if (plan instanceof Command || plan instanceof InsertIntoStatement) {
      throw Errors.sqlUnparsable(
          file, "it is a " + plan.nodeName() + " statement, not a query that selects rows");
    }
    SqlRelations relations = new SqlRelations(sql);
    relations.walk(plan);
    return relations.found.stream()
        .filter(r -> r.parts().size() != 1 || !relations.cteNames.contains(key(r.name())))
        .toList();
  }

  private void walk(LogicalPlan plan) {
    if (plan instanceof UnresolvedWith with) {
      for (Tuple2<String, SubqueryAlias> cte : JavaConverters.seqAsJavaList(with.cteRelations())) {
        cteNames.add(key(cte._1()));
        walk(cte._2());
      }
    }
    if (plan instanceof UnresolvedRelation relation) {
      found.add(relation(relation));
    }
    JavaConverters.seqAsJavaList(plan.children()).forEach(this::walk);
    JavaConverters.seqAsJavaList(plan.subqueries()).forEach(this::walk);
  }

  private Relation relation(UnresolvedRelation relation) {
    Origin origin = relation.origin();
    int line = origin.line().isDefined() ? (Integer) origin.line().get() : 0;
    String written = "";
    if (origin.startIndex().isDefined() && origin.stopIndex().isDefined()) {
      int start = (Integer) origin.startIndex().get();
      int stop = (Integer) origin.stopIndex().get();
      written = sql.substring(start, Math.min(sql.length(), stop + 1));
    }
    return new Relation(
        List.copyOf(JavaConverters.seqAsJavaList(relation.multipartIdentifier())), line, written);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
