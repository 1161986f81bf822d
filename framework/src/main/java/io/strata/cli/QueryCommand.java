package io.strata.cli;

import io.strata.error.Errors;
import io.strata.error.StrataException;
import io.strata.materialize.Relations;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata query}: Spark SQL over the warehouse; results alone on stdout. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Run Spark SQL naming tables as layer.table; results alone on stdout.")
final class QueryCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Parameters(index = "0", paramLabel = "SQL", description = "The query.")
  String sql;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "Most rows printed (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    String chosen = format.toLowerCase(Locale.ROOT);
    if (!List.of("table", "csv", "json").contains(chosen)) {
      throw Errors.usage("--format must be table, csv or json, not '" + format + "'.");
    }
    Workspace workspace = Workspace.open(options);
    ReadOnlyQuery.check(workspace.spark(), sql);
    Relations relations =
        new Relations(workspace.spark(), workspace.warehouse(), workspace.graph());
    Dataset<Row> rows;
    List<Row> collected;
    try {
      rows = relations.sql(sql).limit(limit);
      collected = rows.collectAsList();
    } catch (StrataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.queryFailed(sql, firstLine(e.getMessage()));
    }
    new ResultPrinter(System.out).print(rows.schema(), collected, chosen);
    return 0;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
