package io.strata.materialize;

import io.strata.warehouse.Warehouse;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether an incremental model's table holds one row per merge key, proved from its commits without
 * reading it.
 *
 * <p>A full build writes one row per key, and a MERGE of one row per key into a table with one row
 * per key leaves one row per key (rows with a null key never match, so only non-null keys count).
 * Each Strata commit records the version it started from when that held there ({@link
 * CommitMetadata#uniqueKeySince()}); it still holds at the latest version when no commit since
 * then, other than Strata's own, changed rows. A write made around Strata, or a Strata commit that
 * could not prove it, ends the chain until the next full build.
 */
final class KeyUniqueness {
  /** Operations that keep every row: files compacted, removed files cleaned, properties set. */
  private static final Set<String> KEEPING_ROWS =
      Set.of("OPTIMIZE", "VACUUM START", "VACUUM END", "SET TBLPROPERTIES", "UNSET TBLPROPERTIES");

  private KeyUniqueness() {}

  /**
   * Whether the table holds one row per merge key at its latest version.
   *
   * @param newestFirst the table's commits, newest first, as far back as they are kept
   * @param model the model's table name, as its commits record it
   */
  static boolean proven(Stream<Warehouse.Commit> newestFirst, String model) {
    Iterator<Warehouse.Commit> commits = newestFirst.iterator();
    while (commits.hasNext()) {
      Warehouse.Commit commit = commits.next();
      Optional<CommitMetadata> strata =
          commit.userMetadata().flatMap(CommitMetadata::parse).filter(m -> m.model().equals(model));
      if (strata.isPresent()) {
        OptionalLong since = strata.get().uniqueKeySince();
        return since.isPresent() && keepRows(commits, commit.version(), since.getAsLong());
      }
      if (!KEEPING_ROWS.contains(commit.operation())) {
        return false;
      }
    }
    return false;
  }

  /** Whether every commit older than {@code version} and newer than {@code since} kept rows. */
  private static boolean keepRows(Iterator<Warehouse.Commit> older, long version, long since) {
    long next = version - 1;
    while (next > since) {
      if (!older.hasNext()) {
        return false;
      }
      Warehouse.Commit commit = older.next();
      if (!KEEPING_ROWS.contains(commit.operation())) {
        return false;
      }
      next = commit.version() - 1;
    }
    return true;
  }
}
