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

/** {@code strata land raw.orders=FILE}: appends files to raw Delta tables. */
@Command(
    name = "land",
    mixinStandardHelpOptions = true,
    description =
        "Append JSON Lines, CSV or Parquet files to raw Delta tables, adding _loaded_at and"
            + " _source_file. Nothing is appended when any line is malformed.")
final class LandCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(arity = "1..*", paramLabel = "raw.TABLE=FILE", description = "What to land where.")
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
    Lander lander = new Lander(workspace.spark(), workspace.warehouseForLanding());
    for (LandResult result : lander.land(inputs, Optional.ofNullable(badRecords), Instant.now())) {
      if (result.rows() == 0) {
        System.out.printf(
            "Nothing landed into %s from %s: it holds no records%s; no commit%n",
            result.table(),
            result.file(),
            result.badRecords() > 0 ? " but " + result.badRecords() + " bad ones set aside" : "");
        continue;
      }
      System.out.printf(
          "Landed %d rows into %s (version %d) from %s%s%n",
          result.rows(),
          result.table(),
          result.version(),
          result.file(),
          result.badRecords() > 0 ? ", " + result.badRecords() + " bad records set aside" : "");
    }
    return 0;
  }
}
