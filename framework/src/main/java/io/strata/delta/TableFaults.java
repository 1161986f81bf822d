package io.strata.delta;

import io.delta.exceptions.ConcurrentAppendException;
import io.delta.exceptions.ConcurrentDeleteDeleteException;
import io.delta.exceptions.ConcurrentDeleteReadException;
import io.delta.exceptions.ConcurrentTransactionException;
import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.exceptions.MetadataChangedException;
import io.delta.exceptions.ProtocolChangedException;
import io.strata.error.Errors;
import io.strata.error.Faults;
import io.strata.error.StrataException;
import io.strata.model.Layer;
import io.strata.model.TableName;
import java.io.FileNotFoundException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Delta, Spark and Hadoop throw for faults of the environment into Strata's errors, with
 * the table's name and what to do: another writer's commit ({@link
 * DeltaConcurrentModificationException} and its subclasses), a damaged table (a commit file that
 * cannot be read, a data file that is gone) and a full disk.
 */
final class TableFaults {
  private static final Pattern LOG_FILE = Pattern.compile("(\\S*/_delta_log/[^\\s,.]*\\.json)");
  private static final Pattern DATA_FILE = Pattern.compile("(\\S+\\.parquet)");

  private TableFaults() {}

  /**
   * The Strata error for {@code error}, or empty when it is no fault this class knows.
   *
   * @param target the table being read or written, when known; named unless a message names another
   *     table of the warehouse
   * @param operation what was being done, for the message ("build", "land", "write")
   * @param tableAt the warehouse's table at a path found in a message, if any
   */
  static Optional<StrataException> diagnose(
      Throwable error,
      Optional<TableName> target,
      String operation,
      Function<String, Optional<TableName>> tableAt) {
    Set<Throwable> chain = chain(error);
    for (Throwable t : chain) {
      if (t instanceof StrataException strata) {
        return Optional.of(strata);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof DeltaConcurrentModificationException conflict) {
        String table = target.map(TableName::toString).orElse("a table");
        return Optional.of(Errors.concurrentCommit(table, operation, describe(conflict)));
      }
    }
    Optional<String> full = Faults.diskFull(error);
    if (full.isPresent()) {
      String what = operation + target.map(t -> " of " + t).orElse("");
      return Optional.of(Errors.diskFull(full.get(), what));
    }
    for (Throwable t : chain) {
      String message = String.valueOf(t.getMessage());
      Matcher log = LOG_FILE.matcher(message);
      if (isUnreadableLog(t) && log.find()) {
        String file = log.group(1);
        TableName table = tableAt.apply(file).or(() -> target).orElse(null);
        if (table != null) {
          return Optional.of(
              broken(
                  table,
                  file,
                  "its commit file "
                      + file.substring(file.indexOf("_delta_log/"))
                      + " cannot be read: it was truncated, edited, or does not match its"
                      + " checksum"));
        }
      }
      Matcher data = DATA_FILE.matcher(message);
      if (isMissingFile(t, message) && data.find()) {
        String file = data.group(1);
        TableName table = tableAt.apply(file).or(() -> target).orElse(null);
        if (table != null) {
          return Optional.of(
              broken(
                  table,
                  file,
                  "a data file of its current version is missing (deleted outside Delta, or"
                      + " vacuumed with too short a retention)"));
        }
      }
    }
    return Optional.empty();
  }

  /** The error for a damaged table, with the way to recover that suits its layer. */
  static StrataException broken(TableName table, String where, String damage) {
    return Errors.brokenTable(table.toString(), where, damage, recovery(table));
  }

  /** How to recover a damaged table: rebuild a derived one, restore a raw one. */
  static String recovery(TableName table) {
    if (table.layer() == Layer.RAW) {
      return "A raw table cannot be rebuilt from anything: restore its directory from a backup,"
          + " or return it to its last good version with RESTORE TABLE <table> TO VERSION AS OF"
          + " N (DESCRIBE HISTORY lists the versions), then land again what came after.";
    }
    if (table.layer() == Layer.AUDIT) {
      return "Audit tables only record builds: move the table's directory aside and build again.";
    }
    return "Rebuild it from its inputs: strata build "
        + table.table()
        + " --full-refresh (then build its downstream models: strata build "
        + table.table()
        + "+).";
  }

  private static boolean isUnreadableLog(Throwable t) {
    String name = t.getClass().getName();
    return name.equals("org.apache.hadoop.fs.ChecksumException")
        || name.startsWith("com.fasterxml.jackson.core")
        || String.valueOf(t.getMessage()).contains("Encountered error while reading file");
  }

  private static boolean isMissingFile(Throwable t, String message) {
    return t instanceof FileNotFoundException
        || message.contains("DELTA_FILE_NOT_FOUND")
        || (message.contains("FAILED_READ_FILE") && message.contains("does not exist"));
  }

  private static String describe(DeltaConcurrentModificationException conflict) {
    String what;
    if (conflict instanceof ConcurrentAppendException) {
      what = "it added files this write had read";
    } else if (conflict instanceof ConcurrentDeleteReadException) {
      what = "it removed files this write had read";
    } else if (conflict instanceof ConcurrentDeleteDeleteException) {
      what = "it removed files this write also removes";
    } else if (conflict instanceof MetadataChangedException) {
      what = "it changed the table's schema or properties";
    } else if (conflict instanceof ProtocolChangedException) {
      what = "it changed the table's protocol, or created the table at the same time";
    } else if (conflict instanceof ConcurrentTransactionException) {
      what = "it ran the same streaming transaction";
    } else {
      what = "it changed what this write had read";
    }
    return "Delta " + conflict.getClass().getSimpleName() + ": " + what;
  }

  private static Set<Throwable> chain(Throwable error) {
    Set<Throwable> seen = new java.util.LinkedHashSet<>();
    Set<Throwable> guard = new HashSet<>();
    for (Throwable t = error; t != null && guard.add(t); t = t.getCause()) {
      seen.add(t);
    }
    return seen;
  }
}
