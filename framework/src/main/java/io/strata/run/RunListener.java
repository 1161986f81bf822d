package io.strata.run;

import io.strata.model.ModelSpec;

/** Told as each model starts and ends; calls may come from several threads. */
public interface RunListener {
  RunListener NONE = new RunListener() {};

  default void started(int index, int total, ModelSpec model) {}

  default void finished(int index, int total, ModelResult result) {}
}
