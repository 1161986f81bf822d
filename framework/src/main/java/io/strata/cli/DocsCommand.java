package io.strata.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.docs.DocsServer;
import io.strata.docs.DocsSite;
import io.strata.error.Errors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata docs generate|serve}: the project's documentation site. */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = "Generate or serve the project's documentation site.",
    subcommands = {DocsCommand.Generate.class, DocsCommand.Serve.class})
final class DocsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: strata docs generate, or strata docs serve");
  }

  /** The target directory option both subcommands share. */
  static final class Target {
    @Option(
        names = "--target-dir",
        paramLabel = "DIR",
        description =
            "Where the builds' run results are; the site goes to DIR/docs (default"
                + " strata.run.target-dir).")
    Path targetDir;

    Path resolve(StrataConfig config) {
      return targetDir != null ? targetDir : Path.of(config.get(StrataKeys.TARGET_DIR));
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description =
          "Write a self-contained site (one index.html) of the models: the DAG by layer, and for"
              + " each model its columns and their lineage, tests, last builds and sources'"
              + " freshness. Reads the warehouse; writes only the site.")
  static final class Generate implements Callable<Integer> {
    @Mixin CommonOptions options;
    @Mixin Target target;

    @Override
    public Integer call() {
      long start = System.nanoTime();
      Workspace workspace = Workspace.open(options);
      Path targetDir = target.resolve(workspace.config());
      ObjectNode data =
          DocsSite.data(
              workspace.spark(),
              workspace.warehouse(),
              workspace.graph(),
              targetDir,
              Clock.systemUTC());
      Path index = DocsSite.write(targetDir.resolve(DocsSite.DIR), data);
      System.out.printf(
          "Docs site: %s (%d KiB) in %.1fs; open it in a browser, or run strata docs serve.%n",
          index.toAbsolutePath().normalize(),
          index.toFile().length() / 1024,
          (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Serve the generated site on 127.0.0.1 until stopped (Ctrl-C).")
  static final class Serve implements Callable<Integer> {
    @Mixin CommonOptions options;
    @Mixin Target target;

    @Option(
        names = "--port",
        defaultValue = "8080",
        description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
      Path site = target.resolve(options.load()).resolve(DocsSite.DIR);
      if (!Files.isRegularFile(site.resolve(DocsSite.INDEX))) {
        throw Errors.noDocsSite(site.toAbsolutePath().normalize().toString());
      }
      try (DocsServer server = DocsServer.start(site, port)) {
        System.out.printf(
            "Serving %s at http://127.0.0.1:%d/ (Ctrl-C stops)%n", site, server.port());
        System.out.flush();
        new CountDownLatch(1).await();
      }
      return 0;
    }
  }
}
