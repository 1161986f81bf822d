package io.strata.land;

import io.strata.error.Errors;
import io.strata.error.StrataException;
import io.strata.model.TableName;
import java.io.Serializable;

/**
 * Where a landed file first breaks its source's contract.
 *
 * @param where {@code line 3}, or {@code row 3} of a Parquet file
 * @param expected the declared type, explained
 * @param found the value as in the file, or what is there instead
 */
record Breach(
    String file, long position, String where, String column, String expected, String found)
    implements Serializable {
  StrataException error(TableName table) {
    return Errors.contractBroken(table.toString(), file, where, column, expected, found);
  }
}
