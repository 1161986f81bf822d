package io.strata.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

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
