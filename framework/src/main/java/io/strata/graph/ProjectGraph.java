package io.strata.graph;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.Project;
import io.strata.model.SourceSpec;
import io.strata.model.SqlModels;
import io.strata.model.TableName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project's models as a checked directed acyclic graph.
 *
 * <p>Built only from the models' specs, so every rule holds before any Spark job runs: names follow
 * the layer prefixes, inputs exist and are declared, layers only read upstream, no cycles.
 */
public final class ProjectGraph {
  private final Project project;
  private final Map<String, Model> models;
  private final Map<TableName, SourceSpec> sources;
  private final List<String> order;

  private ProjectGraph(
      Project project,
      Map<String, Model> models,
      Map<TableName, SourceSpec> sources,
      List<String> order) {
    this.project = project;
    this.models = models;
    this.sources = sources;
    this.order = order;
  }

  /**
   * Checks the project, with the SQL models of its classpath root ({@link SqlModels}) unless it has
   * them already, and orders its models; fails with the first violation found.
   */
  public static ProjectGraph of(Project project) {
    requireNonNull(project, "project is null");
    return checked(SqlModels.withSqlModels(project, Optional.empty()));
  }

  private static ProjectGraph checked(Project project) {
    Map<TableName, SourceSpec> sources = new LinkedHashMap<>();
    for (SourceSpec source : project.sources()) {
      sources.put(source.table(), source);
    }
    Map<String, Model> models = new LinkedHashMap<>();
    project.models().stream()
        .sorted(Comparator.comparing(m -> m.spec().table()))
        .forEach(
            model -> {
              if (models.put(model.spec().name(), model) != null) {
                throw Errors.duplicateModel(model.spec().name());
              }
            });
    GraphRules rules = new GraphRules(models, sources);
    models.values().forEach(model -> rules.check(model.spec()));
    return new ProjectGraph(project, models, sources, topologicalOrder(models));
  }

  public Project project() {
    return project;
  }

  /** Models in an order where each comes after everything it reads (by layer, then name). */
  public List<ModelSpec> ordered() {
    return order.stream().map(name -> models.get(name).spec()).toList();
  }

  public Collection<SourceSpec> sources() {
    return sources.values();
  }

  public Optional<SourceSpec> source(TableName table) {
    return Optional.ofNullable(sources.get(table));
  }

  public Model model(String name) {
    Model model = models.get(name);
    if (model == null) {
      throw new IllegalArgumentException("no model named " + name);
    }
    return model;
  }

  public Optional<Model> findModel(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** A model found by its name or its {@code layer.table} name. */
  public Optional<Model> findByReference(String reference) {
    Optional<TableName> table = TableName.tryParse(reference);
    if (table.isPresent()) {
      return findModel(table.get().table()).filter(m -> m.spec().table().equals(table.get()));
    }
    return findModel(reference);
  }

  public Set<String> modelNames() {
    return models.keySet();
  }

  /** Models that read the given one directly. */
  public List<String> readersOf(String name) {
    return order.stream().filter(n -> models.get(n).spec().refs().contains(name)).toList();
  }

  /** Every model the given one reads, directly or not. */
  public Set<String> ancestors(String name) {
    return closure(name, n -> models.get(n).spec().refs());
  }

  /** Every model that reads the given one, directly or not. */
  public Set<String> descendants(String name) {
    return closure(name, this::readersOf);
  }

  private static Set<String> closure(
      String start, java.util.function.Function<String, List<String>> next) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(next.apply(start));
    while (!todo.isEmpty()) {
      String current = todo.pop();
      if (seen.add(current)) {
        todo.addAll(next.apply(current));
      }
    }
    return seen;
  }

  private static List<String> topologicalOrder(Map<String, Model> models) {
    List<String> order = new ArrayList<>();
    Map<String, Mark> marks = new LinkedHashMap<>();
    Deque<String> path = new ArrayDeque<>();
    for (String name : models.keySet()) {
      visit(name, models, marks, path, order);
    }
    return List.copyOf(order);
  }

  private static void visit(
      String name,
      Map<String, Model> models,
      Map<String, Mark> marks,
      Deque<String> path,
      List<String> order) {
    Mark mark = marks.get(name);
    if (mark == Mark.DONE) {
      return;
    }
    if (mark == Mark.VISITING) {
      List<String> cycle = new ArrayList<>();
      List<String> stack = new ArrayList<>(path);
      java.util.Collections.reverse(stack);
      cycle.addAll(stack.subList(stack.indexOf(name), stack.size()));
      cycle.add(name);
      throw Errors.cycle(cycle);
    }
    marks.put(name, Mark.VISITING);
    path.push(name);
    for (String ref : models.get(name).spec().refs()) {
      visit(ref, models, marks, path, order);
    }
    path.pop();
    marks.put(name, Mark.DONE);
    order.add(name);
  }

  private enum Mark {
    VISITING,
    DONE
  }
}
