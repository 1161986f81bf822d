package io.strata.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.warehouse.Warehouse.Commit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyUniquenessTest {
  private static final String MODEL = "marts.fct_events";

  @Test
  void aFullBuildThenMergesEachFromTheVersionBeforeIt() {
    assertThat(proven(strata(2, 1), strata(1, 0), strata(0, -1))).isTrue();
    assertThat(proven(strata(0, -1))).isTrue();
  }

  @Test
  void commitsThatKeepEveryRowMayComeBetween() {
    assertThat(
            proven(
                other(5, "VACUUM END"),
                other(4, "VACUUM START"),
                other(3, "OPTIMIZE"),
                strata(2, 1)))
        .isTrue();
    assertThat(proven(strata(4, 1), other(3, "SET TBLPROPERTIES"), other(2, "OPTIMIZE"))).isTrue();
  }

  @Test
  void aWriteAroundStrataEndsTheProof() {
    assertThat(proven(other(3, "WRITE"), strata(2, 1))).isFalse();
    assertThat(proven(strata(3, 1), other(2, "MERGE"))).isFalse();
    assertThat(proven(strata(3, 1), other(2, "RESTORE"))).isFalse();
  }

  @Test
  void aStrataCommitThatCouldNotProveItEndsTheProof() {
    assertThat(proven(strata(3, OptionalLong.empty()), strata(2, 1))).isFalse();
  }

  @Test
  void anotherModelsMetadataOrMissingHistoryProvesNothing() {
    Commit elsewhere = commit(2, "MERGE", metadata("marts.other", OptionalLong.of(1)));
    assertThat(proven(elsewhere, strata(1, 0))).isFalse();
    assertThat(proven(strata(5, 2), other(4, "OPTIMIZE")))
        .as("versions 3 lost to log cleanup")
        .isFalse();
    assertThat(proven()).isFalse();
  }

  private static boolean proven(Commit... newestFirst) {
    return KeyUniqueness.proven(List.of(newestFirst).stream(), MODEL);
  }

  private static Commit strata(long version, long since) {
    return strata(version, OptionalLong.of(since));
  }

  private static Commit strata(long version, OptionalLong since) {
    return commit(version, "MERGE", metadata(MODEL, since));
  }

  private static Commit other(long version, String operation) {
    return new Commit(version, operation, Optional.empty(), Map.of());
  }

  private static Commit commit(long version, String operation, CommitMetadata metadata) {
    return new Commit(version, operation, Optional.of(metadata.toJson()), Map.of());
  }

  private static CommitMetadata metadata(String model, OptionalLong since) {
    return new CommitMetadata(model, Map.of("raw.events", 3L), Map.of(), "f")
        .withUniqueKeySince(since);
  }
}
