package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.error.Errors;
import io.strata.run.RunArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata retry}: the last build's failed and skipped models, with its command ({@code build}
 * or {@code run}) and arguments.
 */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description =
        "Build again only the models the last build left failed or skipped, with the same"
            + " arguments (read from run_results.json).")
final class RetryCommand implements Callable<Integer> {
  @Option(
      names = "--target-dir",
      paramLabel = "DIR",
      defaultValue = "target",
      description = "Where the last run's run_results.json is (default: ${DEFAULT-VALUE}).")
  Path targetDir;

  @Override
  public Integer call() throws IOException {
    Path file = targetDir.resolve(RunArtifacts.RUN_RESULTS);
    if (!Files.isRegularFile(file)) {
      throw Errors.usage(
          "There is no " + file + " to retry from: run strata build first, or pass --target-dir.");
    }
    JsonNode last = new ObjectMapper().readTree(file.toFile());
    List<String> models = new ArrayList<>();
    for (JsonNode result : last.path("results")) {
      String status = result.path("status").asText();
      if (status.equals("error") || status.equals("skipped")) {
        models.add(result.path("model").asText());
      }
    }
    if (models.isEmpty()) {
      System.out.println("Nothing to retry: every model of the last build succeeded.");
      return 0;
    }
    List<String> args = new ArrayList<>();
    last.path("args").forEach(a -> args.add(a.asText()));
    BuildCommand build = args.get(0).equals("run") ? new RunCommand() : new BuildCommand();
    new CommandLine(build).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    build.selection = SelectionOptions.of(models);
    System.out.println("Retrying " + String.join(", ", models));
    return build.call();
  }
}
