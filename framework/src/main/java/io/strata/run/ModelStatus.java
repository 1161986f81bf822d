package io.strata.run;

/** How a model's part of a run ended. */
public enum ModelStatus {
  SUCCESS,
  ERROR,
  /** Not attempted because something it reads failed or was skipped. */
  SKIPPED
}
