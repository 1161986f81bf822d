package io.strata.warehouse;

/**
 * What a held commit waits for: the user metadata it carries. Throwing aborts the commit, and the
 * exception reaches the writer.
 */
@FunctionalInterface
public interface CommitGate {
  String userMetadata();
}
