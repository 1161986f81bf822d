package io.strata.error;

import java.util.Collection;
import java.util.List;

/**
 * Every user-facing error Strata raises, built in one place.
 *
 * <p>Each message says what is wrong, with which input, and how to fix it.
 */
public final class Errors {
  private Errors() {}

  // ---- configuration -------------------------------------------------------------------------

  public static StrataException unknownConfigKey(
      String key, Object value, String origin, Collection<String> suggestions) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "Unknown configuration key '%s' (value '%s', set in %s). Strata declares every"
                + " strata.* key and rejects the others so that a typo cannot be silently"
                + " ignored.%s Run 'strata config --show' to list the keys.",
            key, value, origin, didYouMean(suggestions)),
        null);
  }

  public static StrataException badConfigValue(
      String key, Object value, String origin, String expected) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "Invalid value '%s' for configuration key '%s' (set in %s): expected %s. Fix the"
                + " value in that file, or override it with --conf %s=VALUE.",
            value, key, origin, expected, key),
        null);
  }

  public static StrataException unreadableConfigFile(String file, String reason) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "Cannot read configuration file '%s': %s. Check the path and the HOCON syntax.",
            file, reason),
        null);
  }

  public static StrataException unknownProfile(String profile, Collection<String> known) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "Unknown profile '%s': there is no %s.conf in the configuration directory. Use one of"
                + " %s, or add the file.",
            profile, profile, known),
        null);
  }

  public static StrataException badConfOption(String option) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Invalid --conf '%s': expected KEY=VALUE, for example --conf"
                + " strata.spark.shuffle-partitions=64.",
            option),
        null);
  }

  public static StrataException deltaInternalsUnavailable(
      String found, Collection<String> tested, String why) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "strata.delta.internals = on, but Delta %s cannot be used through its internal"
                + " classes: %s. The internal path is tested on Delta %s. Set"
                + " strata.delta.internals = auto (or off) to run on Delta's public API, or run on"
                + " a tested Delta version.",
            found, why, String.join(", ", tested)),
        null);
  }

  public static StrataException badSparkSetting(String key, String value, String sparkMessage) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "Spark refuses the value '%s' of %s: %s. Fix it where it is set (--conf %s=VALUE,"
                + " or strata.spark.conf in the profile).",
            value, key, String.valueOf(sparkMessage).strip(), key),
        null);
  }

  public static StrataException noWarehouse(String dir) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "No warehouse at '%s': the directory does not exist. Land data into it first"
                + " (strata land --warehouse %s raw.TABLE=FILE), or pass the warehouse you meant"
                + " with --warehouse. Nothing was created.",
            dir, dir),
        null);
  }

  public static StrataException noProject(String detail) {
    return new StrataException(
        ErrorKind.CONFIG,
        "No Strata project found: "
            + detail
            + ". Put the jobs jar on the classpath (it registers its project in"
            + " META-INF/services/io.strata.model.Project) or set strata.project.class.",
        null);
  }

  // ---- project and graph ---------------------------------------------------------------------

  public static StrataException invalidModel(String model, String problem, String fix) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format("Model '%s' is invalid: %s. %s", model, problem, fix),
        null);
  }

  public static StrataException duplicateModel(String model) {
    return invalidModel(model, "two models share this name", "Give each model a unique name.");
  }

  public static StrataException unknownRef(
      String model, String ref, Collection<String> suggestions) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "Model '%s' reads '%s', which is neither a model nor a declared source.%s Declare the"
                + " model or source, or fix the name in the model's spec.",
            model, ref, didYouMean(suggestions)),
        null);
  }

  public static StrataException layerViolation(
      String model, String layer, String input, String inputLayer, String rule) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "Layer violation: %s model '%s' reads %s '%s'. %s Move the logic to a model in the"
                + " right layer, or read from an upstream layer instead.",
            layer, model, inputLayer, input, rule),
        null);
  }

  public static StrataException cycle(List<String> path) {
    return new StrataException(
        ErrorKind.PROJECT,
        "Dependency cycle: "
            + String.join(" -> ", path)
            + ". Models must form a directed acyclic graph: remove one of these refs.",
        null);
  }

  public static StrataException undeclaredInput(
      String model, String asked, Collection<String> declared) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "Model '%s' asked for '%s', which it does not declare (it declares %s). Add '%s' to"
                + " the model's refs or sources so that Strata can order and check it.",
            model, asked, declared, asked),
        null);
  }

  public static StrataException unknownSelector(String selector, Collection<String> suggestions) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Selector '%s' matches no model.%s Run 'strata ls' to list the models.",
            selector, didYouMean(suggestions)),
        null);
  }

  public static StrataException badSelector(String selector, String reason) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Invalid selector '%s': %s. Use NAME, +NAME, NAME+, layer:LAYER or tag:TAG.",
            selector, reason),
        null);
  }

  // ---- SQL models ----------------------------------------------------------------------------

  public static StrataException sqlHeaderUnparsable(String file, int line, String hoconError) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "SQL model %s: its header (line %d) is not valid HOCON: %s. Fix the block /* strata {"
                + " ... } */ at the top of the file.",
            file, line, hoconError),
        null);
  }

  public static StrataException sqlHeaderUnknownKey(
      String file, int line, String key, Collection<String> suggestions) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "SQL model %s: unknown header key '%s' (line %d). Strata rejects keys it does not"
                + " know so that a typo cannot be silently ignored.%s",
            file, key, line, didYouMean(suggestions)),
        null);
  }

  public static StrataException sqlHeaderBadValue(
      String file, int line, String key, String problem) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "SQL model %s: header key '%s' (line %d) %s. Fix it in the file's /* strata { ... } */"
                + " block.",
            file, key, line, problem),
        null);
  }

  public static StrataException sqlUnparsable(String file, String sparkMessage) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "SQL model %s: Spark cannot parse its SQL: %s%nFix the query; a SQL model is one"
                + " SELECT (WITH ... SELECT) statement.",
            file, String.valueOf(sparkMessage).strip()),
        null);
  }

  public static StrataException sqlUnknownInput(
      String file, int line, String name, String reason, Collection<String> suggestions) {
    return new StrataException(
        ErrorKind.PROJECT,
        String.format(
            "SQL model %s, line %d: it reads '%s', %s.%s Name a declared raw source (raw.table)"
                + " or a model of this project as layer.table.",
            file, line, name, reason, didYouMean(suggestions)),
        null);
  }

  public static StrataException sqlModelMisplaced(String file, String problem, String fix) {
    return new StrataException(
        ErrorKind.PROJECT, String.format("SQL model %s: %s. %s", file, problem, fix), null);
  }

  public static StrataException sqlModelsUnreadable(String where, String reason) {
    return new StrataException(
        ErrorKind.CONFIG,
        String.format(
            "Cannot read the SQL models in %s: %s. Check the path (strata.project.sql-dir) and"
                + " its permissions.",
            where, reason),
        null);
  }

  public static StrataException badBackfillRange(String value, String problem, String fix) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format("Invalid backfill range '%s': %s. %s", value, problem, fix),
        null);
  }

  /** A model {@code --backfill} cannot replay, and why. */
  public static StrataException cannotBackfill(String model, String reason, String fix) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format("Cannot backfill model '%s': %s. %s", model, reason, fix),
        null);
  }

  /** A model {@code strata diff} cannot compare, and why. */
  public static StrataException cannotDiff(String model, String reason, String fix) {
    return new StrataException(
        ErrorKind.USAGE, String.format("Cannot diff model '%s': %s. %s", model, reason, fix), null);
  }

  // ---- data ----------------------------------------------------------------------------------

  public static StrataException missingTable(String table, String readBy, String fix) {
    return new StrataException(
        ErrorKind.DATA, String.format("Table '%s' does not exist%s. %s", table, readBy, fix), null);
  }

  public static StrataException schemaDrift(
      String model, List<String> added, List<String> removed, List<String> retyped) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Schema of incremental model '%s' changed (on_schema_change = fail): added %s,"
                + " removed %s, retyped %s. Choose on_schema_change append_new_columns or"
                + " sync_all_columns, or rebuild with --full-refresh.",
            model, added, removed, retyped),
        null);
  }

  public static StrataException incrementalColumnsMissing(
      String model, Collection<String> missing, Collection<String> available) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Incremental model '%s' does not output %s, which its unique key, ordering and load"
                + " columns need (it outputs %s). Select these columns in the transform.",
            model, missing, available),
        null);
  }

  public static StrataException watermarkUnreadable(
      String model, String source, long fromVersion, String reason) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Model '%s' cannot read the changes of '%s' since version %d: %s. The change data"
                + " may have been vacuumed or was not recorded: rebuild it with --full-refresh.",
            model, source, fromVersion, reason),
        null);
  }

  public static StrataException malformedRecord(String file, long line, String reason) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Malformed record in '%s' at line %d: %s. Nothing was landed. Fix the file, or pass"
                + " --bad-records DIR to set malformed records aside and land the rest.",
            file, line, reason),
        null);
  }

  /**
   * A landed file breaks its source's contract: a declared column it lacks, or a value that does
   * not cast to the declared type.
   *
   * @param where {@code line 3}, {@code row 3} (Parquet), or where a missing column was looked for
   */
  public static StrataException contractBroken(
      String table, String file, String where, String column, String expected, String found) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "'%s' breaks the contract of %s at %s, column '%s': expected %s, found %s. Nothing was"
                + " landed. Fix the file, or, if the feed has changed for good, change the"
                + " columns the project declares for %s.",
            file, table, where, column, expected, found, table),
        null);
  }

  public static StrataException unreadableInput(String file, String reason) {
    return new StrataException(
        ErrorKind.DATA,
        String.format("Cannot land '%s': %s. Nothing was landed.", file, reason),
        null);
  }

  public static StrataException retypedRawField(
      String table, String field, String tableType, String fileType, String file) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Field '%s' of '%s' is %s in the table but %s in '%s'. Raw tables keep fields as"
                + " landed and never retype them silently: fix the feed, or land the file into a"
                + " new raw table.",
            field, table, tableType, fileType, file),
        null);
  }

  public static StrataException directoryOfSeveralTables(
      String directory, String table, String one, String other, Collection<String> files) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Cannot land directory '%s' into %s: its files do not all hold that table's records."
                + " The files of one table have fields that nest (a file may add fields or lack"
                + " some, but not both against another file or the table), and %s while %s."
                + " Files: %s. Nothing was landed. Land each file into its own table (raw.a=FILE"
                + " raw.b=FILE), or, if they do belong to %s, name each file: %s=FILE1 %s=FILE2.",
            directory, table, one, other, String.join(", ", files), table, table, table),
        null);
  }

  /**
   * A landing of several inputs stopped at a commit.
   *
   * @param landed what the inputs before it landed, one entry each
   * @param notLanded the input whose commit failed and the ones after it
   */
  public static StrataException landingStopped(
      String table, String file, String reason, List<String> landed, List<String> notLanded) {
    return new StrataException(
        ErrorKind.INTERNAL,
        String.format(
            "Landing into %s from '%s' failed: %s. Landed: %s. Not landed: %s. Fix the cause and"
                + " run the same command again: the files already landed are skipped.",
            table,
            file,
            reason,
            landed.isEmpty() ? "nothing" : String.join("; ", landed),
            String.join("; ", notLanded)),
        null);
  }

  public static StrataException queryFailed(String sql, String reason) {
    return new StrataException(
        ErrorKind.DATA,
        String.format(
            "Query failed: %s. Tables are named layer.table (for example marts.fct_orders);"
                + " run 'strata ls' to list them. Query: %s",
            reason, sql),
        null);
  }

  public static StrataException queryWrites(String sql, String statement) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "strata query is read-only, and this statement (%s) would change the warehouse: %s."
                + " Tables change only through strata land and strata build, so that every table"
                + " stays what its code and its sources make it; a query, DESCRIBE, SHOW or"
                + " EXPLAIN runs.",
            statement, sql),
        null);
  }

  public static StrataException querySyntax(String sql, String sparkMessage) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "The query does not parse: %s Fix the SQL (tables are named layer.table, for example"
                + " marts.fct_orders). Query: %s",
            sparkMessage.strip(), sql),
        null);
  }

  // ---- maintenance ---------------------------------------------------------------------------

  public static StrataException badZOrderColumn(
      String table, String column, boolean partitionColumn, Collection<String> valid) {
    String problem =
        partitionColumn
            ? "it is a partition column, and each file already holds a single value of it"
            : "the table has no such column";
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Cannot Z-order model '%s' by '%s': %s. Nothing was optimized. Pass --zorder-by with"
                + " columns of its table that are not partition columns: %s.",
            table, column, problem, valid),
        null);
  }

  public static StrataException badRetention(String value) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Invalid --retain '%s': expected a whole number of hours or days, such as 168h, 7d or"
                + " 30d.",
            value),
        null);
  }

  public static StrataException retentionTooShort(String value, String minimum) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Refusing to vacuum with --retain %s, below the %s minimum: it would delete files that"
                + " running readers or time travel still need (queries started before the latest"
                + " commits, reads of older versions, incremental builds reading a raw source's"
                + " changes). Nothing was vacuumed. Retain %s or more, or pass --force if nothing"
                + " reads the older versions.",
            value, minimum, minimum),
        null);
  }

  public static StrataException retentionRefusedByDelta(String table, String value, String why) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "Delta refused to vacuum '%s' with --retain %s, shorter than the table's"
                + " delta.deletedFileRetentionDuration: %s. Retain at least that long, or pass"
                + " --force if nothing reads the older versions.",
            table, value, why),
        null);
  }

  public static StrataException testOptionWithoutTests(String option) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "%s has no effect under 'strata run', which does not run data tests. Use 'strata"
                + " build %s' to build and test, or drop the option.",
            option, option),
        null);
  }

  public static StrataException modelThrew(String model, String exception) {
    return new StrataException(
        ErrorKind.MODEL_FAILED,
        String.format(
            "Model '%s' failed: %s. Its table was not changed and the models that read it were"
                + " skipped. Fix the model's code or its input.",
            model, exception),
        null);
  }

  public static StrataException codeChanged(String model, List<String> changed) {
    return new StrataException(
        ErrorKind.MODEL_FAILED,
        String.format(
            "Model '%s' failed: the code of %s changed since its table was built, and its"
                + " code-change policy is fail. Nothing was written. Either rebuild it with the"
                + " new code: strata build %s --full-refresh; or keep its rows and give only new"
                + " rows the new code: strata build %s --on-code-change forward_only",
            model, String.join(", ", changed), model, model),
        null);
  }

  // ---- faults of the environment -------------------------------------------------------------

  public static StrataException warehouseBusy(
      String runId,
      String host,
      String command,
      String startedAt,
      String heartbeatAt,
      String timeout) {
    return new StrataException(
        ErrorKind.CONFLICT,
        String.format(
            "Another build is running on this warehouse: run %s on host %s (%s), started at %s,"
                + " last heartbeat at %s. Nothing was built. Wait for it to finish and build"
                + " again, or pass --wait DURATION to wait for it. If that build was killed, its"
                + " lease expires %s after its last heartbeat (strata.run.lease-timeout) and the"
                + " next build takes it over.",
            runId, host, command, startedAt, heartbeatAt, timeout),
        null);
  }

  public static StrataException concurrentCommit(String table, String operation, String reason) {
    return new StrataException(
        ErrorKind.CONFLICT,
        String.format(
            "Another writer committed to '%s' while this %s was writing it (%s). This write was"
                + " not published: the table holds the other writer's commit and nothing of this"
                + " one. Run one writer at a time (strata builds hold a lease on the warehouse;"
                + " jobs outside Strata should not write its tables), then run the command again.",
            table, operation, reason),
        null);
  }

  public static StrataException brokenTable(String table, String where, String damage, String fix) {
    return new StrataException(
        ErrorKind.BROKEN_TABLE,
        String.format(
            "Table '%s' is damaged: %s (%s). Strata did not write to it. %s",
            table, damage, where, fix),
        null);
  }

  public static StrataException diskFull(String path, String what) {
    return new StrataException(
        ErrorKind.DISK_FULL,
        String.format(
            "The disk is full (No space left on device%s) while %s. Nothing of that write was"
                + " published: Delta commits a table's change only once all its files are written."
                + " Free space and run the command again.",
            path.isEmpty() ? "" : ", writing " + path, what),
        null);
  }

  public static StrataException noDocsSite(String dir) {
    return new StrataException(
        ErrorKind.USAGE,
        String.format(
            "No docs site in '%s': it has no index.html. Generate it first (strata docs generate),"
                + " with the same --target-dir.",
            dir),
        null);
  }

  public static StrataException internal(String what, Throwable cause) {
    return new StrataException(
        ErrorKind.INTERNAL, "Internal error while " + what + ": " + cause, cause);
  }

  public static StrataException usage(String message) {
    return new StrataException(ErrorKind.USAGE, message, null);
  }

  static String didYouMean(Collection<String> suggestions) {
    return suggestions.isEmpty() ? "" : " Did you mean " + String.join(" or ", suggestions) + "?";
  }
}
