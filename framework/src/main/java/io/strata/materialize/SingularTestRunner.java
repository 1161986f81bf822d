package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.model.SingularTest;
import io.strata.model.TableName;
import io.strata.quality.SingularTests;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs a project's singular tests after a build. One that passed before on the same query and the
 * same versions of every table it reads is not run again: its answer cannot have changed.
 */
public final class SingularTestRunner {
  private final Relations relations;
  private final TestMemo memo;

  public SingularTestRunner(Relations relations, TestMemo memo) {
    this.relations = requireNonNull(relations, "relations is null");
    this.memo = requireNonNull(memo, "memo is null");
  }

  /**
   * @param changed the tables this run committed to ({@code layer.table}): a test reading one runs
   *     without looking in the memo, and is remembered by the next build that finds nothing new
   */
  public List<TestResult> run(List<SingularTest> tests, Collection<String> changed) {
    List<TestResult> results = new ArrayList<>();
    for (SingularTest test : tests) {
      results.add(run(test, changed));
    }
    return results;
  }

  /**
   * Whether the latest commit of a table the test reads passed it before publishing, with every
   * other table it reads at the version it reads now.
   */
  private boolean passedAtCommit(SingularTest test, SortedMap<String, Long> versions) {
    for (Map.Entry<String, Long> read : versions.entrySet()) {
      SortedMap<String, Long> others = new TreeMap<>(versions);
      others.remove(read.getKey());
      String expected = inputs(test, others);
      boolean passed =
          relations
              .latestCommit(TableName.parse(read.getKey()), read.getValue())
              .map(commit -> expected.equals(commit.singularPasses().get(test.name())))
              .orElse(false);
      if (passed) {
        return true;
      }
    }
    return false;
  }

  /** The test memo's name for a singular test. */
  static String subject(SingularTest test) {
    return "singular:" + test.name();
  }

  /** What a singular test's answer is a function of: the versions it read and its query. */
  static String inputs(SingularTest test, SortedMap<String, Long> versions) {
    return versions + "\n" + test.sql();
  }

  private TestResult run(SingularTest test, Collection<String> changed) {
    if (Relations.tablesRead(test.sql()).stream()
        .map(TableName::toString)
        .anyMatch(changed::contains)) {
      return SingularTests.run(relations::sql, test);
    }
    Optional<SortedMap<String, Long>> versions = relations.versionsRead(test.sql());
    if (versions.isEmpty()) {
      return SingularTests.run(relations::sql, test);
    }
    String subject = subject(test);
    String inputs = inputs(test, versions.get());
    if (passedAtCommit(test, versions.get()) || memo.passed(subject, inputs)) {
      return TestResult.passedBefore(SingularTests.MODEL, test.name());
    }
    TestResult result = SingularTests.run(relations::sql, test);
    if (result.status() == TestStatus.PASS) {
      memo.record(subject, inputs);
    }
    return result;
  }
}
