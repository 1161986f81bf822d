package io.strata.materialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.error.StrataException;
import io.strata.graph.ProjectGraph;
import io.strata.materialize.PlanStep.Action;
import io.strata.materialize.PlanStep.Kind;
import io.strata.materialize.PlanStep.NewVersions;
import io.strata.materialize.PlanStep.Reason;
import io.strata.model.ModelSpec;
import io.strata.model.OnCodeChange;
import io.strata.model.TableName;
import io.strata.quality.TestOptions;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code build} would do with each selected model, and why, from the tables' Delta logs: the
 * raw versions and code each table's last commit recorded against those of now. It writes nothing
 * and reads no table's rows.
 */
public final class BuildPlan {
  /**
   * The key, in a landing commit's user metadata ({@code {"strata_land": {"new_columns": [..]}}}),
   * of the columns that landing added to the raw table: shown as an upstream schema change.
   */
  public static final String NEW_COLUMNS = "new_columns";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final ModelBuilder builder;
  private final CodeChangePolicy policy;
  private final Map<TableName, Optional<CommitMetadata>> latest = new java.util.HashMap<>();

  private BuildPlan(
      SparkSession spark, Warehouse warehouse, ProjectGraph graph, CodeChangePolicy policy) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.graph = graph;
    this.policy = policy;
    this.builder =
        new ModelBuilder(
            warehouse,
            graph,
            new RunSnapshot(spark, warehouse),
            CommitHook.NONE,
            TestOptions.DEFAULT);
  }

  /** The plan of the selected models, given in build order. */
  public static List<PlanStep> of(
      SparkSession spark,
      Warehouse warehouse,
      ProjectGraph graph,
      List<ModelSpec> selected,
      CodeChangePolicy policy) {
    BuildPlan plan = new BuildPlan(spark, warehouse, graph, policy);
    Map<String, PlanStep> steps = new LinkedHashMap<>();
    for (ModelSpec spec : selected) {
      steps.put(spec.name(), plan.step(spec, steps));
    }
    return List.copyOf(steps.values());
  }

  private PlanStep step(ModelSpec spec, Map<String, PlanStep> earlier) {
    try {
      return switch (spec.materialization()) {
        case VIEW ->
            new PlanStep(
                spec,
                Action.VIEW,
                List.of(
                    Reason.of(
                        Kind.VIEW,
                        "a view stores nothing: every reader recomputes it; build checks it and"
                            + " runs its tests unless they passed on the same code and inputs")));
        case EPHEMERAL ->
            new PlanStep(
                spec,
                Action.EPHEMERAL,
                List.of(Reason.of(Kind.EPHEMERAL, "inlined into the models that read it")));
        case TABLE -> table(spec, earlier);
        case INCREMENTAL, SNAPSHOT -> incremental(spec);
      };
    } catch (StrataException e) {
      return new PlanStep(spec, Action.FAIL, List.of(Reason.of(Kind.ERROR, e.getMessage())));
    }
  }

  /** The last commit's record and what a build would record now; empty when there is none. */
  private record Compared(CommitMetadata last, CommitMetadata now, Lineage lineage) {}

  private Optional<PlanStep> firstOrUnrecorded(ModelSpec spec) {
    if (warehouse.version(spark, spec.table()).isEmpty()) {
      return Optional.of(
          new PlanStep(
              spec,
              Action.FULL_BUILD,
              List.of(Reason.of(Kind.FIRST_BUILD, "first build: " + spec.table() + " is new"))));
    }
    if (latest(spec).isEmpty()) {
      return Optional.of(
          new PlanStep(
              spec,
              Action.FULL_BUILD,
              List.of(
                  Reason.of(
                      Kind.NO_RECORD,
                      "its table holds no commit of Strata's (written around it): build"
                          + " rebuilds it whole"))));
    }
    return Optional.empty();
  }

  /** The metadata of the table's newest Strata commit, read from its log once. */
  private Optional<CommitMetadata> latest(ModelSpec spec) {
    return latest.computeIfAbsent(
        spec.table(), table -> CommitMetadata.latest(spark, warehouse, table));
  }

  private Compared compared(ModelSpec spec) {
    Lineage lineage = Lineage.of(graph, spec);
    return new Compared(
        latest(spec).orElseThrow(),
        builder.metadata(spark, spec, lineage, builder.sourceVersions(lineage)),
        lineage);
  }

  private PlanStep table(ModelSpec spec, Map<String, PlanStep> earlier) {
    Optional<PlanStep> first = firstOrUnrecorded(spec);
    if (first.isPresent()) {
      return first.get();
    }
    Compared c = compared(spec);
    List<Reason> reasons = new ArrayList<>();
    CodeChange code = CodeChange.between(c.last(), c.now(), c.lineage().computed());
    if (!code.isNone()) {
      reasons.add(Reason.of(Kind.CODE_CHANGED, code.describe(), code.models()));
    }
    reasons.addAll(newData(c));
    upstreamChanged(c, earlier).ifPresent(reasons::add);
    if (reasons.isEmpty() && !c.last().covers(c.now())) {
      reasons.add(Reason.of(Kind.TESTS, "its tests changed, or its table was published untested"));
    }
    if (reasons.isEmpty()) {
      return upToDate(spec);
    }
    return new PlanStep(spec, Action.FULL_BUILD, reasons);
  }

  private PlanStep incremental(ModelSpec spec) {
    Optional<PlanStep> first = firstOrUnrecorded(spec);
    if (first.isPresent()) {
      return first.get();
    }
    Compared c = compared(spec);
    List<Reason> reasons = new ArrayList<>();
    CodeChange code = CodeChange.between(c.last(), c.now(), c.lineage().computed());
    if (!code.isNone()) {
      OnCodeChange onChange = policy.of(spec);
      String then =
          switch (onChange) {
            case REBUILD -> ": a full build";
            case FAIL -> ": the model fails (on-code-change fail)";
            case FORWARD_ONLY -> ": forward-only, new rows get the new code";
          };
      Reason changed = Reason.of(Kind.CODE_CHANGED, code.describe() + then, code.models());
      if (onChange != OnCodeChange.FORWARD_ONLY) {
        Action action = onChange == OnCodeChange.REBUILD ? Action.FULL_BUILD : Action.FAIL;
        return new PlanStep(spec, action, List.of(changed));
      }
      reasons.add(changed);
    }
    List<Reason> data = newData(c);
    if (data.isEmpty() && !c.lineage().sources().isEmpty()) {
      reasons.add(0, upToDate(spec).reasons().get(0));
      return new PlanStep(spec, Action.UP_TO_DATE, reasons);
    }
    reasons.addAll(0, data);
    if (data.isEmpty()) {
      reasons.add(Reason.of(Kind.NEW_DATA, "it reads no raw source: every build merges its input"));
    }
    return new PlanStep(spec, Action.MERGE, reasons);
  }

  private static PlanStep upToDate(ModelSpec spec) {
    return new PlanStep(
        spec,
        Action.UP_TO_DATE,
        List.of(
            Reason.of(
                Kind.UP_TO_DATE,
                "up to date: no new raw version and the same code since its last build")));
  }

  /** The raw versions committed since the last build, and the columns they added. */
  private List<Reason> newData(Compared c) {
    List<NewVersions> fresh = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    c.now()
        .sources()
        .forEach(
            (source, to) -> {
              long from = c.last().sources().getOrDefault(source, -1L);
              if (to > from) {
                List<Warehouse.Commit> commits = commits(TableName.parse(source), from, to);
                fresh.add(new NewVersions(source, from, to, rows(commits)));
                List<String> added = newColumns(commits);
                if (!added.isEmpty()) {
                  tables.add(source);
                  columns.addAll(added);
                }
              }
            });
    List<Reason> reasons = new ArrayList<>();
    if (!fresh.isEmpty()) {
      reasons.add(
          new Reason(
              Kind.NEW_DATA,
              "new raw versions: "
                  + String.join(", ", fresh.stream().map(NewVersions::describe).toList()),
              List.of(),
              fresh,
              List.of()));
    }
    if (!columns.isEmpty()) {
      reasons.add(
          new Reason(
              Kind.UPSTREAM_SCHEMA_CHANGED,
              "upstream schema changed: " + String.join(", ", tables) + " added " + columns,
              tables,
              List.of(),
              List.copyOf(columns)));
    }
    return reasons;
  }

  /** Persisted models read whose version moved, or which this build changes first. */
  private Optional<Reason> upstreamChanged(Compared c, Map<String, PlanStep> earlier) {
    Set<String> changed = new LinkedHashSet<>();
    c.now()
        .upstream()
        .forEach(
            (table, version) -> {
              if (!version.equals(c.last().upstream().get(table))) {
                changed.add(table);
              }
            });
    for (ModelSpec up : c.lineage().upstream()) {
      PlanStep step = earlier.get(up.name());
      if (step != null && (step.action() == Action.MERGE || step.action() == Action.FULL_BUILD)) {
        changed.add(up.table().toString());
      }
    }
    return changed.isEmpty()
        ? Optional.empty()
        : Optional.of(
            Reason.of(
                Kind.UPSTREAM_CHANGED,
                "upstream changed: " + String.join(", ", changed),
                List.copyOf(changed)));
  }

  private List<Warehouse.Commit> commits(TableName table, long fromExclusive, long toInclusive) {
    return warehouse
        .commits(spark, table)
        .takeWhile(commit -> commit.version() > fromExclusive)
        .filter(commit -> commit.version() <= toInclusive)
        .toList();
  }

  /** Rows the commits appended, where each commit that writes records how many. */
  private static OptionalLong rows(List<Warehouse.Commit> commits) {
    long rows = 0;
    for (Warehouse.Commit commit : commits) {
      String written = commit.metrics().get("numOutputRows");
      if (written != null) {
        rows += Long.parseLong(written);
      } else if (commit.operation().contains("WRITE")) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(rows);
  }

  private static List<String> newColumns(List<Warehouse.Commit> commits) {
    List<String> columns = new ArrayList<>();
    for (Warehouse.Commit commit : commits) {
      commit.userMetadata().ifPresent(json -> columns.addAll(newColumns(json)));
    }
    return columns;
  }

  private static List<String> newColumns(String json) {
    List<String> columns = new ArrayList<>();
    try {
      JsonNode added = JSON.readTree(json).path("strata_land").path(NEW_COLUMNS);
      added.forEach(column -> columns.add(column.asText()));
    } catch (JsonProcessingException e) {
      // user metadata another writer set is not a landing record
    }
    return columns;
  }
}
