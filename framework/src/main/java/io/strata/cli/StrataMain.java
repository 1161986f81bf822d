package io.strata.cli;

import io.strata.error.ErrorKind;
import io.strata.error.Errors;
import io.strata.error.Faults;
import io.strata.error.StrataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command line. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    version = "strata 0.1.0",
    description = "Layered ELT models on Apache Spark and Delta Lake.",
    subcommands = {
      BuildCommand.class,
      RunCommand.class,
      PlanCommand.class,
      ListCommand.class,
      LandCommand.class,
      FreshnessCommand.class,
      TestCommand.class,
      RetryCommand.class,
      HistoryCommand.class,
      DiffCommand.class,
      OptimizeCommand.class,
      VacuumCommand.class,
      QueryCommand.class,
      ConfigCommand.class,
      DocsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a model or test failed",
      "2:bad usage or configuration",
      "3:invalid project (cycle, layer violation, naming, undeclared input)",
      "4:rejected input data (malformed file, missing table, schema drift)",
      "5:internal error"
    })
public final class StrataMain implements Runnable {
  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = execute(args, new Object[0]);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs the command line with extra subcommands (the jobs module adds its own); returns the exit
   * code.
   */
  public static int execute(String[] args, Object... extraSubcommands) {
    return commandLine(extraSubcommands).execute(args);
  }

  /** The command line with extra subcommands, for callers that parse or run it themselves. */
  public static CommandLine commandLine(Object... extraSubcommands) {
    CommandLine cli = new CommandLine(new StrataMain());
    for (Object sub : extraSubcommands) {
      cli.addSubcommand(sub);
    }
    cli.setExecutionExceptionHandler(StrataMain::handle);
    return cli;
  }

  /**
   * Prints a Strata error's message alone; a full disk found anywhere in another error's causes (as
   * Spark and Hadoop wrap it) as one line too; anything else as an internal error with its stack
   * trace.
   */
  static int handle(Exception error, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    java.util.Optional<String> full =
        error instanceof StrataException ? java.util.Optional.empty() : Faults.diskFull(error);
    if (full.isPresent()) {
      error = Errors.diskFull(full.get(), "running the command");
    }
    if (error instanceof StrataException strata) {
      err.println("Error: " + strata.getMessage());
      err.flush();
      return strata.exitCode();
    }
    err.println("Internal error: " + error);
    error.printStackTrace(err);
    err.flush();
    return ErrorKind.INTERNAL.exitCode();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: see strata --help");
  }
}
