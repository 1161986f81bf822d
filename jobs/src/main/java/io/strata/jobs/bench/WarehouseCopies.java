package io.strata.jobs.bench;

import io.strata.delta.DeltaWarehouses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** Warehouse directories for benchmark runs: cheap copies, and deletion. */
final class WarehouseCopies {
  private WarehouseCopies() {}

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a warehouse the benchmark is done with, after {@link #forget forgetting} it. */
  static void discard(SparkSession spark, Path warehouse) {
    forget(spark, warehouse);
    deleteTree(warehouse);
  }

  /**
   * Drops every table under {@code warehouse} from Delta's log cache, which releases its cached
   * state. The cache keeps a table's log and state for an hour after its last use, and every copy
   * has paths of its own: kept, a multi-size run's copies filled the heap.
   */
  static void forget(SparkSession spark, Path warehouse) {
    DeltaWarehouses.forget(spark, warehouse);
  }

  /**
   * A copy of a warehouse that costs no data copy: data files are hard links (Delta never changes a
   * data file once written), transaction logs are real copies (Delta rewrites {@code
   * _last_checkpoint} in place) that keep their modification times, which Delta reads as the commit
   * times.
   */
  static Path cloneWarehouse(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (source.toString().contains("/_delta_log/")) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        } else {
          Files.createLink(target, source);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }
}
