package io.strata.cli;

import io.strata.error.StrataException;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

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

  /** One table's maintenance; returns the detail printed for it. */
  interface TableAction {
    String run(TableName table);
  }

  /** How many tables a command did, skipped as not built yet, and failed on. */
  record Tally(int done, int skipped, int failed) {
    int exitCode() {
      return failed == 0 ? 0 : 1;
    }
  }

  /**
   * Runs {@code action} on every table that exists, one line each; a table that fails is reported
   * and the next one runs. A user error ({@link StrataException}) stops everything.
   */
  static Tally eachTable(
      PrintStream out,
      List<TableName> tables,
      Predicate<TableName> exists,
      String word,
      TableAction action) {
    int done = 0;
    int failed = 0;
    for (TableName table : tables) {
      if (!exists.test(table)) {
        line(out, "SKIP", table, "not built yet");
        continue;
      }
      try {
        String detail = action.run(table);
        done++;
        line(out, word, table, detail);
      } catch (StrataException e) {
        throw e;
      } catch (Exception e) {
        // Spark's AnalysisException is checked in Java's eyes, yet thrown from unchecked calls.
        failed++;
        line(out, "ERROR", table, rootMessage(e));
      }
    }
    return new Tally(done, tables.size() - done - failed, failed);
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
