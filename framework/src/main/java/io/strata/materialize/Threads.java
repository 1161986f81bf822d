package io.strata.materialize;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The threads a build runs its tests on beside its writes. */
final class Threads {
  private Threads() {}

  /** The future's value; its failure rethrown as it was thrown when unchecked. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Runs a task on a daemon thread of its own, named for what Strata runs there. */
  static void daemon(Runnable task) {
    Thread thread = new Thread(task, "strata-tests");
    thread.setDaemon(true);
    thread.start();
  }
}
