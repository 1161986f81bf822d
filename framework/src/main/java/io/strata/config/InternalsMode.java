package io.strata.config;

/** Whether Strata may use Delta's internal classes ({@code strata.delta.internals}). */
public enum InternalsMode {
  /** Only where Delta's internal classes load and their version is one Strata is tested on. */
  AUTO,
  /** Always; a build refuses to start where they are absent or their version untested. */
  ON,
  /** Never: Delta's public API and SQL only. */
  OFF
}
