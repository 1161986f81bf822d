package io.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.config.StrataKeys;
import io.strata.materialize.BuildPlan;
import io.strata.materialize.CodeChangePolicy;
import io.strata.materialize.PlanStep;
import io.strata.model.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata plan}: what {@code build} would do with each selected model, and why. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Show what build would do with each selected model and why, from the Delta logs; writes"
            + " nothing.")
final class PlanCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Mixin SelectionOptions selection;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    List<ModelSpec> selected = selection.resolve(workspace.graph());
    var warehouse = workspace.warehouse();
    var spark = workspace.spark();
    long start = System.nanoTime();
    List<PlanStep> steps =
        BuildPlan.of(
            spark,
            warehouse,
            workspace.graph(),
            selected,
            new CodeChangePolicy(
                workspace.config().get(StrataKeys.ON_CODE_CHANGE), Optional.empty()));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (json) {
      System.out.println(toJson(steps, seconds));
    } else {
      print(steps, seconds);
    }
    return 0;
  }

  private static void print(List<PlanStep> steps, double seconds) {
    System.out.printf("%-34s %-12s %-11s %s%n", "MODEL", "MATERIALIZED", "ACTION", "WHY");
    for (PlanStep step : steps) {
      System.out.printf(
          "%-34s %-12s %-11s %s%n",
          step.model().table(),
          step.model().materialization().id(),
          step.action().id(),
          String.join("; ", step.reasons().stream().map(PlanStep.Reason::text).toList()));
    }
    System.out.printf(
        Locale.ROOT, "Planned %d models in %.2fs; nothing written.%n", steps.size(), seconds);
  }

  static String toJson(List<PlanStep> steps, double seconds) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("seconds", seconds);
    ArrayNode models = root.putArray("models");
    for (PlanStep step : steps) {
      ObjectNode model = models.addObject();
      model.put("model", step.model().table().toString());
      model.put("materialization", step.model().materialization().id());
      model.put("action", step.action().id());
      ArrayNode reasons = model.putArray("reasons");
      for (PlanStep.Reason reason : step.reasons()) {
        ObjectNode node = reasons.addObject();
        node.put("kind", reason.kind().id());
        node.put("text", reason.text());
        reason.models().forEach(node.withArray("models")::add);
        reason.columns().forEach(node.withArray("columns")::add);
        for (PlanStep.NewVersions source : reason.sources()) {
          ObjectNode s = node.withArray("sources").addObject();
          s.put("table", source.table());
          s.put("from_version", source.fromExclusive() + 1);
          s.put("to_version", source.toInclusive());
          s.put("versions", source.versions());
          source.rows().ifPresent(rows -> s.put("rows", rows));
        }
      }
    }
    return root.toPrettyString();
  }
}
