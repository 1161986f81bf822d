package io.strata.warehouse;

import static java.util.Objects.requireNonNull;

import io.strata.model.TableName;
import java.util.Optional;

/**
 * What one Delta {@code VACUUM} deleted, or would delete on a dry run.
 *
 * @param files files deleted (would be deleted on a dry run); empty when Delta did not record the
 *     vacuum in the table's log, which it does only on file systems with safe concurrent writes
 * @param bytes bytes of those files, when recorded (never on a dry run)
 * @param seconds wall time of the call
 */
public record VacuumResult(
    TableName table, boolean dryRun, Optional<Long> files, Optional<Long> bytes, double seconds) {
  public VacuumResult {
    requireNonNull(table, "table is null");
    requireNonNull(files, "files is null");
    requireNonNull(bytes, "bytes is null");
  }
}
