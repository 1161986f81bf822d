package io.strata.testing;

import io.strata.materialize.CommitHook;
import io.strata.model.TableName;

/** Fails a run at one commit point of one table, as a crash there would. */
public final class TestingCommitHook implements CommitHook {
  public enum Point {
    BEFORE_COMMIT,
    AFTER_COMMIT
  }

  private final TableName table;
  private final Point point;

  public TestingCommitHook(TableName table, Point point) {
    this.table = table;
    this.point = point;
  }

  @Override
  public void beforeCommit(TableName committing) {
    crashAt(Point.BEFORE_COMMIT, committing);
  }

  @Override
  public void afterCommit(TableName committed) {
    crashAt(Point.AFTER_COMMIT, committed);
  }

  private void crashAt(Point reached, TableName at) {
    if (reached == point && at.equals(table)) {
      throw new SimulatedCrash(point + " of " + table);
    }
  }

  /** The failure this hook injects. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }
}
