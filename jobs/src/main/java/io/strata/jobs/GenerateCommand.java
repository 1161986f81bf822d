package io.strata.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: writes deterministic daily raw batches as JSON Lines. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write N days of raw orders, customers and payments as JSON Lines under"
            + " OUT/day-NN/{orders,customers,payments}.jsonl; the same seed gives the same files.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--days", defaultValue = "4", description = "Days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--rows",
      defaultValue = "40",
      description = "New orders per day (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() {
    if (days < 1 || rows < 1) {
      System.err.println("Error: --days and --rows must be at least 1.");
      return 2;
    }
    DemoData data = DemoData.generate(days, rows, seed);
    List<Path> dirs = data.writeTo(out);
    for (DemoData.Batch batch : data.batches()) {
      System.out.printf(
          "%s: %d orders, %d customers, %d payments%n",
          out.resolve(batch.dirName()),
          batch.orders().size(),
          batch.customers().size(),
          batch.payments().size());
    }
    System.out.printf("Wrote %d daily batches under %s%n", dirs.size(), out);
    return 0;
  }
}
