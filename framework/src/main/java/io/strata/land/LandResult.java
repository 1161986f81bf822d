package io.strata.land;

import io.strata.model.TableName;
import java.util.List;

/**
 * What one input's landing appended.
 *
 * @param file the input as given: a file or a directory
 * @param version the raw table's version after it; -1 when the table does not exist (nothing landed
 *     into it yet)
 * @param files how many of the input's files were read (not skipped)
 * @param skipped the input's files landed into the table before
 * @param ignored the directory's entries that are not files of the input's format
 * @param undeclared the fields landed that the table's contract does not declare; empty without a
 *     contract
 */
public record LandResult(
    TableName table,
    String file,
    long rows,
    long badRecords,
    long version,
    int files,
    List<Skipped> skipped,
    List<String> ignored,
    List<String> undeclared) {
  public LandResult {
    skipped = List.copyOf(skipped);
    ignored = List.copyOf(ignored);
    undeclared = List.copyOf(undeclared);
  }

  /**
   * A file not landed again: the same name and content were landed into the table before.
   *
   * @param version the table version that landed it; -1 when an earlier input of the same landing
   *     holds it
   * @param earlier the path it was landed from then
   */
  public record Skipped(String file, long version, String earlier, String sha256) {}
}
