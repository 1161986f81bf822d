package io.strata.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: a fresh local warehouse, the bundled sample batches landed day by day with a build
 * after each, then a look at the marts.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Land the bundled sample batches into a fresh local warehouse day by day, building after"
            + " each, then show a few rows of each mart.")
public final class DemoCommand implements Callable<Integer> {
  static final String[] FEEDS = {"orders", "customers", "payments"};
  static final String[] MARTS = {"marts.fct_orders", "marts.dim_customers"};

  @Option(
      names = "--warehouse",
      defaultValue = "./warehouse-demo",
      paramLabel = "DIR",
      description = "Warehouse directory, deleted first (default: ${DEFAULT-VALUE}).")
  Path warehouse;

  @Option(
      names = "--rows",
      defaultValue = "5",
      description = "Rows shown per mart (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--samples",
      paramLabel = "DIR",
      description = "Use day-NN directories from DIR instead of the bundled samples.")
  Path samples;

  @Override
  public Integer call() throws IOException {
    deleteRecursively(warehouse);
    Path input = samples != null ? samples : extractBundledSamples();
    List<Path> days = dayDirectories(input);
    if (days.isEmpty()) {
      System.err.println("Error: no day-NN directories under " + input);
      return 2;
    }
    String dir = warehouse.toAbsolutePath().normalize().toString();
    for (Path day : days) {
      System.out.println();
      System.out.println("== " + day.getFileName() + " ==");
      List<String> land = new ArrayList<>(List.of("land", "--warehouse", dir));
      for (String feed : FEEDS) {
        Path file = day.resolve(feed + ".jsonl");
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
          land.add("raw." + feed + "=" + file.toAbsolutePath());
        }
      }
      int code = JobsMain.execute(land.toArray(String[]::new));
      if (code != 0) {
        return code;
      }
      code = JobsMain.execute("build", "--warehouse", dir);
      if (code != 0) {
        return code;
      }
    }
    for (String mart : MARTS) {
      System.out.println();
      System.out.println("== " + mart + " (first " + rows + " rows) ==");
      int code =
          JobsMain.execute(
              "query",
              "--warehouse",
              dir,
              "--limit",
              Integer.toString(rows),
              "SELECT * FROM " + mart + " ORDER BY 1");
      if (code != 0) {
        return code;
      }
      JobsMain.execute("query", "--warehouse", dir, "SELECT count(*) AS row_count FROM " + mart);
    }
    System.out.println();
    System.out.println("Warehouse left at " + dir);
    return 0;
  }

  static List<Path> dayDirectories(Path input) throws IOException {
    try (Stream<Path> entries = Files.list(input)) {
      return entries
          .filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("day-\\d+"))
          .sorted()
          .toList();
    }
  }

  /** Copies {@code demo/day-NN/*.jsonl} from the classpath to a temporary directory. */
  static Path extractBundledSamples() throws IOException {
    Path target = Files.createTempDirectory("strata-demo-");
    target.toFile().deleteOnExit();
    ClassLoader loader = DemoCommand.class.getClassLoader();
    for (int day = 1; ; day++) {
      String dayDir = DemoData.Batch.dirName(day);
      boolean found = false;
      for (String feed : FEEDS) {
        try (InputStream in =
            loader.getResourceAsStream("demo/" + dayDir + "/" + feed + ".jsonl")) {
          if (in == null) {
            continue;
          }
          found = true;
          Path file = target.resolve(dayDir).resolve(feed + ".jsonl");
          Files.createDirectories(file.getParent());
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      if (!found) {
        return target;
      }
    }
  }

  /** Deletes a previous demo warehouse; refuses a directory holding anything but layers. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> foreign =
          entries
              .map(p -> p.getFileName().toString())
              .filter(name -> io.strata.model.Layer.parse(name).isEmpty())
              .toList();
      if (!foreign.isEmpty()) {
        throw io.strata.error.Errors.usage(
            "Refusing to delete '"
                + dir
                + "': it holds "
                + foreign
                + ", not only a Strata warehouse's layer directories. Pass --warehouse with a new"
                + " or demo-only directory.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
