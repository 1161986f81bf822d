package io.strata.cli;

import io.strata.error.Errors;
import io.strata.land.InputFormat;
import io.strata.land.LandResult;
import io.strata.land.Lander;
import io.strata.model.TableName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strata land raw.orders=FILE}: appends files to raw Delta tables, one commit per input (see
 * {@link Lander} for the rules: a directory lands its files of the format when their fields nest; a
 * file already landed, by name and content, is skipped). Prints each input's outcome as it commits;
 * when a commit fails, the error names what landed and what did not.
 */
@Command(
    name = "land",
    mixinStandardHelpOptions = true,
    description = {
      "Append JSON Lines, CSV or Parquet files to raw Delta tables, adding _loaded_at and"
          + " _source_file. Nothing is appended when any line is malformed.",
      "A directory lands its files of the format (by extension) if their fields nest, as one"
          + " table's do. A file whose name and content were landed into the table before is"
          + " skipped, so a landing that failed part way can be run again as it was.",
      "A source that declares its columns refuses a file lacking one, or with a value that does"
          + " not cast to its type; undeclared columns land and are reported."
    })
final class LandCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(
      arity = "1..*",
      paramLabel = "raw.TABLE=FILE",
      description = "What to land where: a file, or a directory of files of one format.")
  List<String> assignments = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "json, csv or parquet (default: by extension).")
  String format;

  @Option(
      names = "--bad-records",
      paramLabel = "DIR",
      description = "Set malformed lines aside here and land the rest.")
  Path badRecords;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(options);
    List<Lander.Input> inputs = new ArrayList<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw Errors.usage("Expected raw.TABLE=FILE, got '" + assignment + "'.");
      }
      String tableText = assignment.substring(0, eq);
      TableName table =
          TableName.tryParse(tableText)
              .filter(t -> t.layer() == io.strata.model.Layer.RAW)
              .orElseThrow(
                  () ->
                      Errors.usage(
                          "'" + tableText + "' is not a raw table name such as raw.orders."));
      String file = assignment.substring(eq + 1);
      inputs.add(new Lander.Input(table, file, InputFormat.of(file, Optional.ofNullable(format))));
    }
    new Lander(workspace.spark(), workspace.warehouseForLanding())
        .contracts(workspace.graph().sources())
        .land(inputs, Optional.ofNullable(badRecords), Instant.now(), LandCommand::print);
    return 0;
  }

  private static void print(LandResult result) {
    for (String ignored : result.ignored()) {
      System.out.printf("Ignored %s: not a file of the landing's format%n", ignored);
    }
    for (LandResult.Skipped skipped : result.skipped()) {
      System.out.printf(
          "Skipped %s: %s (same name and content, sha256 %s); nothing landed%n",
          skipped.file(),
          skipped.version() < 0
              ? "landed by an earlier input of this landing from " + skipped.earlier()
              : "already landed into " + result.table() + " at version " + skipped.version(),
          skipped.sha256().substring(0, 12));
    }
    if (result.files() == 0) {
      return;
    }
    if (!result.undeclared().isEmpty()) {
      System.out.printf(
          "Undeclared columns in %s from %s: %s; landed, but not in the source's contract%n",
          result.table(), result.file(), String.join(", ", result.undeclared()));
    }
    if (result.rows() == 0) {
      System.out.printf(
          "Nothing landed into %s from %s: it holds no records%s; no commit%n",
          result.table(),
          result.file(),
          result.badRecords() > 0 ? " but " + result.badRecords() + " bad ones set aside" : "");
      return;
    }
    System.out.printf(
        "Landed %d rows into %s (version %d) from %s%s%n",
        result.rows(),
        result.table(),
        result.version(),
        result.file(),
        result.badRecords() > 0 ? ", " + result.badRecords() + " bad records set aside" : "");
  }
}
