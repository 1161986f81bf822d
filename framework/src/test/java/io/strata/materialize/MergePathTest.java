package io.strata.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.warehouse.Capabilities;
import org.junit.jupiter.api.Test;

class MergePathTest {
  private static final Capabilities HELD = new Capabilities(true, true, true);
  private static final Capabilities PUBLIC_API = Capabilities.publicApi();

  private static MergePath choose(
      boolean audited, boolean oneRowPerKey, boolean lookback, boolean dv, Capabilities caps) {
    return MergePath.choose(new MergePath.Facts(audited, oneRowPerKey, lookback, dv, caps));
  }

  @Test
  void anAuditedBatchIsTestedBesideItsMergeOnlyWhereTheCommitCanBeHeld() {
    assertThat(choose(true, true, false, true, HELD)).isEqualTo(MergePath.AUDIT_BESIDE_MERGE);
    assertThat(choose(true, true, false, true, PUBLIC_API)).isEqualTo(MergePath.AUDIT_THEN_MERGE);
    assertThat(choose(true, false, false, true, HELD)).isEqualTo(MergePath.AUDIT_THEN_MERGE);
    assertThat(choose(true, true, true, true, HELD)).isEqualTo(MergePath.AUDIT_THEN_MERGE);
    assertThat(choose(true, true, false, false, HELD)).isEqualTo(MergePath.AUDIT_THEN_MERGE);
  }

  @Test
  void anUntestedBatchIsFilteredFirstOnlyWithALookbackOrWithoutDeletionVectors() {
    assertThat(choose(false, true, false, true, HELD)).isEqualTo(MergePath.MERGE_ONLY);
    assertThat(choose(false, true, false, true, PUBLIC_API)).isEqualTo(MergePath.MERGE_ONLY);
    assertThat(choose(false, true, true, true, HELD)).isEqualTo(MergePath.FILTER_THEN_MERGE);
    assertThat(choose(false, true, false, false, PUBLIC_API))
        .isEqualTo(MergePath.FILTER_THEN_MERGE);
    assertThat(MergePath.AUDIT_THEN_MERGE.filtersFirst()).isTrue();
    assertThat(MergePath.MERGE_ONLY.filtersFirst()).isFalse();
    assertThat(MergePath.AUDIT_BESIDE_MERGE.filtersFirst()).isFalse();
  }
}
