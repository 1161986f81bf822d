package io.strata.testing;

import io.strata.cli.StrataMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the {@code strata} command line in this JVM over {@code <dir>/warehouse}, with the
 * repository's {@code conf/}, a project class and hygiene off (unless the arguments set it).
 */
public final class TestingCli {
  private TestingCli() {}

  /** What a command printed, and its exit code. */
  public record Outcome(int exitCode, String out, String err) {}

  public static Outcome run(Path dir, Class<?> project, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    boolean retry = args[0].equals("retry");
    all.addAll(
        retry
            ? List.of()
            : List.of(
                "--conf-dir",
                Path.of("..", "conf").toString(),
                "--warehouse",
                dir.resolve("warehouse").toString(),
                "--conf",
                "strata.project.class=" + project.getName()));
    if (!retry && !String.join(" ", args).contains("require-hygiene")) {
      all.addAll(List.of("--conf", "strata.project.require-hygiene=false"));
    }
    CommandLine cli = StrataMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cli.execute(all.toArray(String[]::new));
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }
}
