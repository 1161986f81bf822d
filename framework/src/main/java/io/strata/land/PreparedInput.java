package io.strata.land;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One input read and checked, ready to append.
 *
 * @param rows the rows to append, with the load columns; empty when no file is left to read
 * @param files the files read, each with its rows: the landing commit's record
 * @param undeclared the fields of the files that the table's contract does not declare
 */
record PreparedInput(
    Lander.Input input,
    Optional<Dataset<Row>> rows,
    List<LandedFiles.File> files,
    List<BadRecord> bad,
    List<LandResult.Skipped> skipped,
    List<String> ignored,
    List<String> undeclared) {
  long count() {
    return files.stream().mapToLong(LandedFiles.File::rows).sum();
  }

  LandResult result(long version) {
    return new LandResult(
        input.table(),
        input.file(),
        count(),
        bad.size(),
        version,
        files.size(),
        skipped,
        ignored,
        undeclared);
  }
}
