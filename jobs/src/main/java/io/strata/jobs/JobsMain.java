package io.strata.jobs;

import io.strata.cli.StrataMain;

/**
 * The job jar's entry point: the {@code strata} command line plus {@code demo} and {@code
 * generate}.
 */
public final class JobsMain {
  private JobsMain() {}

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the command line without exiting; returns the exit code. */
  public static int execute(String... args) {
    return StrataMain.execute(
        args, new DemoCommand(), new GenerateCommand(), new io.strata.jobs.bench.BenchCommand());
  }
}
