package io.strata.cli;

import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** What {@code optimize} and {@code vacuum} share: the tables they work on and their output. */
final class Maintenance {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Maintenance() {}

  /** The Delta tables of the persisted models (tables and incremental); views store none. */
  static List<TableName> persistedTables(List<ModelSpec> models) {
    return models.stream()
        .filter(m -> m.materialization().isPersisted())
        .map(ModelSpec::table)
        .toList();
  }

  /** {@code OPTIMIZE marts.fct_orders: detail}, the word padded so that tables line up. */
  static void line(PrintStream out, String word, TableName table, String detail) {
    out.printf(Locale.ROOT, "%-8s %s: %s%n", word, table, detail);
    out.flush();
  }

  /** Bytes in binary units, {@code 12.3 KiB}. */
  static String bytes(long bytes) {
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code 1 file}, {@code 3 files}. */
  static String files(long count) {
    return count + (count == 1 ? " file" : " files");
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.1fs", seconds);
  }

  /** The innermost message of a failure, for one line of output. */
  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
  }
}
