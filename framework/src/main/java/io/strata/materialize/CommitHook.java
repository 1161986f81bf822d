package io.strata.materialize;

import io.strata.model.TableName;

/** Called around each model commit: lets tests stop a run exactly there, as a crash would. */
public interface CommitHook {
  CommitHook NONE = new CommitHook() {};

  default void beforeCommit(TableName table) {}

  default void afterCommit(TableName table) {}
}
