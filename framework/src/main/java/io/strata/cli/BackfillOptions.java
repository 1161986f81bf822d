package io.strata.cli;

import io.strata.error.Errors;
import io.strata.materialize.BackfillRange;
import io.strata.model.ModelSpec;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --backfill --from DATE [--to DATE]}: replay a range of partitions instead of building. */
final class BackfillOptions {
  @Option(
      names = "--backfill",
      description =
          "Recompute the selected incremental models' partitions from --from to --to (dates,"
              + " both included) from all their input, and replace them in one commit.")
  boolean backfill;

  @Option(names = "--from", paramLabel = "DATE", description = "First partition date backfilled.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Last partition date backfilled (default: the newest).")
  String to;

  /**
   * The range asked for, empty without {@code --backfill}; a usage error for options that do not go
   * together, malformed dates, or a range that ends before it starts.
   */
  Optional<BackfillRange> range(boolean fullRefresh, List<String> selectors) {
    if (!backfill) {
      if (from != null || to != null) {
        throw Errors.usage(
            (from != null ? "--from" : "--to")
                + " only applies to a backfill. Add --backfill to replace those partitions, or"
                + " leave it out to build.");
      }
      return Optional.empty();
    }
    if (from == null) {
      throw Errors.usage(
          "--backfill needs --from DATE (and optionally --to DATE): the first partition date to"
              + " replace, such as --from 2026-03-01.");
    }
    if (fullRefresh) {
      throw Errors.usage(
          "--backfill and --full-refresh do not go together: a full refresh already recomputes"
              + " every partition. Give one of them.");
    }
    if (selectors.isEmpty()) {
      throw Errors.usage(
          "--backfill needs the models to backfill, such as strata build fct_orders --backfill"
              + " --from "
              + from
              + ".");
    }
    return Optional.of(BackfillRange.parse(from, Optional.ofNullable(to)));
  }

  /** Every selected model must be an incremental model with a partition column. */
  static void requireBackfillable(List<ModelSpec> selected) {
    selected.forEach(BackfillRange::requireBackfillable);
  }
}
