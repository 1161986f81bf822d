package io.strata.warehouse;

import static java.util.Objects.requireNonNull;

import io.strata.model.TableName;
import java.util.Optional;

/**
 * What one Delta {@code OPTIMIZE} did, from the metrics of its commit.
 *
 * @param version the OPTIMIZE commit, empty when there was nothing to compact (no commit)
 * @param filesBefore data files of the table before
 * @param bytesBefore bytes of those files
 * @param filesRemoved files compacted away ({@code numRemovedFiles})
 * @param filesAdded files written in their place ({@code numAddedFiles})
 * @param bytesRemoved {@code numRemovedBytes}
 * @param bytesAdded {@code numAddedBytes}
 * @param seconds wall time of the call
 */
public record OptimizeResult(
    TableName table,
    Optional<Long> version,
    long filesBefore,
    long bytesBefore,
    long filesRemoved,
    long filesAdded,
    long bytesRemoved,
    long bytesAdded,
    double seconds) {
  public OptimizeResult {
    requireNonNull(table, "table is null");
    requireNonNull(version, "version is null");
  }

  public long filesAfter() {
    return filesBefore - filesRemoved + filesAdded;
  }

  public long bytesAfter() {
    return bytesBefore - bytesRemoved + bytesAdded;
  }
}
