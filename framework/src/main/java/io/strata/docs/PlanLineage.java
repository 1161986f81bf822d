package io.strata.docs;

import io.strata.materialize.ModelPlans;
import io.strata.model.TableName;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.LeafNode;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import scala.collection.JavaConverters;

/**
 * Which input columns each output column of an analysed plan is computed from: attributes are
 * followed by their expression ids from the output down to the stand-in inputs of {@link
 * ModelPlans}, through every alias (projections, aggregates, windows), unions, expands and
 * generators. Columns only used to filter or join are not counted as sources.
 */
final class PlanLineage {
  /** The columns an attribute comes from, as {@code layer.table.column}; absent when unknown. */
  private final Map<ExprId, Set<String>> origins = new HashMap<>();

  private PlanLineage() {}

  /**
   * For each output column in order: its input columns (empty for a constant), or empty when the
   * plan holds a node this walk cannot follow for it.
   */
  static Map<String, Optional<Set<String>>> of(LogicalPlan analysed) {
    PlanLineage walk = new PlanLineage();
    walk.visit(analysed);
    Map<String, Optional<Set<String>>> columns = new LinkedHashMap<>();
    for (Attribute out : list(analysed.output())) {
      columns.put(out.name(), Optional.ofNullable(walk.origins.get(out.exprId())));
    }
    return columns;
  }

  private void visit(LogicalPlan plan) {
    list(plan.children()).forEach(this::visit);
    if (plan instanceof SubqueryAlias alias && alias.child().children().isEmpty()) {
      Optional<TableName> input = ModelPlans.inputOf(alias.alias());
      input.ifPresent(
          table ->
              list(alias.child().output()).forEach(a -> define(a, Set.of(table + "." + a.name()))));
    } else if (plan instanceof LeafNode) {
      list(plan.output()).forEach(a -> origins.putIfAbsent(a.exprId(), Set.of()));
    } else if (plan instanceof Union union) {
      unionColumns(union);
    } else if (plan instanceof Expand expand) {
      expandColumns(expand);
    } else if (plan instanceof Generate generate) {
      Set<String> from = referenced((Expression) generate.generator());
      list(generate.generatorOutput()).forEach(a -> define(a, from));
    }
    list(plan.expressions()).forEach(this::aliases);
  }

  private void unionColumns(Union union) {
    List<Attribute> out = list(union.output());
    for (int i = 0; i < out.size(); i++) {
      Set<String> from = new TreeSet<>();
      for (LogicalPlan child : list(union.children())) {
        Set<String> part = origins.get(list(child.output()).get(i).exprId());
        if (part == null) {
          from = null;
          break;
        }
        from.addAll(part);
      }
      define(out.get(i), from);
    }
  }

  private void expandColumns(Expand expand) {
    List<Attribute> out = list(expand.output());
    for (int i = 0; i < out.size(); i++) {
      Set<String> from = new TreeSet<>();
      for (scala.collection.Seq<Expression> projection : list(expand.projections())) {
        Set<String> part = referenced(list(projection).get(i));
        if (part == null) {
          from = null;
          break;
        }
        from.addAll(part);
      }
      define(out.get(i), from);
    }
  }

  private void aliases(Expression expression) {
    if (expression instanceof Alias alias) {
      define(alias.toAttribute(), referenced(alias.child()));
    }
    list(expression.children()).forEach(this::aliases);
  }

  /** The input columns an expression reads; null when one of its attributes is untraced. */
  private Set<String> referenced(Expression expression) {
    Set<String> from = new TreeSet<>();
    for (Attribute attribute : list(expression.references().toSeq())) {
      Set<String> part = origins.get(attribute.exprId());
      if (part == null) {
        return null;
      }
      from.addAll(part);
    }
    return from;
  }

  private void define(Attribute attribute, Set<String> from) {
    if (from != null) {
      origins.put(attribute.exprId(), java.util.Collections.unmodifiableSet(new TreeSet<>(from)));
    }
  }

  private static <T> List<T> list(scala.collection.Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }
}
