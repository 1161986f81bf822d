package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;
import static io.strata.model.SnapshotSpec.IS_CURRENT;
import static io.strata.model.SnapshotSpec.VALID_FROM;

import io.strata.error.Errors;
import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.model.TableName;
import io.strata.quality.Quarantine;
import io.strata.quality.TestResult;
import io.strata.warehouse.MergeInto;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * One build of a snapshot model: its whole history from every landed version when the table is new
 * or a full refresh is asked; otherwise, for each key with new versions, its history recomputed
 * from the versions the table holds and the new ones, and MERGEd on (key, {@code valid_from}) in
 * one commit with the raw versions read. The same versions give the same history either way.
 */
final class SnapshotBuild {
  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final SnapshotSpec snapshot;
  private final Lineage lineage;
  private final TableName table;
  private final SnapshotHistory history;

  SnapshotBuild(ModelBuilder builder, SparkSession session, ModelSpec spec, Lineage lineage) {
    this.builder = builder;
    this.warehouse = builder.warehouse();
    this.session = session;
    this.spec = spec;
    this.snapshot = spec.snapshot().orElseThrow();
    this.lineage = lineage;
    this.table = spec.table();
    this.history = new SnapshotHistory(snapshot);
  }

  BuildOutcome run(boolean fullRefresh) {
    Optional<Long> before = builder.versionBefore(session, table, fullRefresh);
    Map<String, Long> latest = builder.sourceVersions(lineage);
    CommitMetadata metadata = builder.metadata(session, spec, lineage, latest);
    Optional<CommitMetadata> previous =
        before.isPresent() && !fullRefresh
            ? CommitMetadata.latest(session, warehouse, table)
            : Optional.empty();
    if (previous.isEmpty()) {
      return fullBuild(before, metadata, fullRefresh ? "full refresh" : "created");
    }
    ModelBuilder.CodeCheck code = builder.codeCheck(spec, lineage, previous.get(), metadata);
    if (code.rebuilds()) {
      return fullBuild(before, metadata, code.change().describe());
    }
    Map<TableName, Slice> slices = new LinkedHashMap<>();
    for (TableName source : lineage.sources()) {
      long from = previous.get().sources().getOrDefault(source.toString(), -1L);
      slices.put(source, new Slice(from, latest.get(source.toString()), Optional.empty()));
    }
    if (!lineage.sources().isEmpty() && slices.values().stream().allMatch(Slice::isEmpty)) {
      return code.reported(
          ModelBuilder.upToDate(before, "no new data since version " + before.get()));
    }
    return code.reported(merge(before, code.recorded(metadata), slices));
  }

  private BuildOutcome fullBuild(Optional<Long> before, CommitMetadata metadata, String detail) {
    Quarantine.Screened screened = screened(builder.fullInputs(session));
    Dataset<Row> rows = history.of(screened.kept()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<TestResult> checks = SnapshotChecks.check(spec, rows);
      BuildOutcome outcome =
          builder.auditThenReplace(session, spec, rows, metadata, before, detail);
      return builder.recorded(spec, screened, withFirst(checks, outcome), true);
    } finally {
      rows.unpersist();
    }
  }

  /**
   * Recomputes the history of every key with new versions and MERGEs it: versions already held are
   * updated (their {@code valid_to} may move), new ones inserted.
   */
  private BuildOutcome merge(
      Optional<Long> before, CommitMetadata metadata, Map<TableName, Slice> slices) {
    Quarantine.Screened screened = screened(builder.slicedInputs(session, slices));
    Dataset<Row> batch = screened.kept();
    Column[] key = SqlNames.columns(snapshot.uniqueKey());
    Dataset<Row> published = warehouse.read(session, table);
    Dataset<Row> deletions =
        history
            .deletions(batch, published.where(functions.col(IS_CURRENT)).select(key))
            .localCheckpoint();
    Dataset<Row> affected = batch.select(key).union(deletions.select(key)).distinct();
    Dataset<Row> held = published.join(affected, SqlNames.seq(snapshot.uniqueKey()), "left_semi");
    Dataset<Row> rows = history.merged(held, batch, deletions).localCheckpoint();
    try {
      List<TestResult> checks = SnapshotChecks.check(spec, rows);
      List<TestResult> tests = new ArrayList<>(checks);
      tests.addAll(builder.audits().audit(session, spec, rows, Optional.empty()));
      builder.commit(
          session,
          table,
          metadata,
          () -> warehouse.merge(session, table, new MergeInto(rows, matchOn(), changed(rows))));
      return builder.recorded(spec, screened, outcome(before, slices, tests), false);
    } finally {
      io.strata.quality.Checkpoints.release(rows);
      io.strata.quality.Checkpoints.release(deletions);
    }
  }

  /** A version is rewritten only where it changed (its {@code valid_to}, mostly). */
  private static String changed(Dataset<Row> rows) {
    return "NOT ("
        + io.strata.model.Dedup.rowHash(rows.schema(), "s.")
        + " <=> "
        + io.strata.model.Dedup.rowHash(rows.schema(), "t.")
        + ")";
  }

  /** The same key and the same {@code valid_from}: the same version. */
  private Column matchOn() {
    Column on =
        functions.col("t." + quoted(VALID_FROM)).equalTo(functions.col("s." + quoted(VALID_FROM)));
    for (String column : snapshot.uniqueKey()) {
      on =
          on.and(
              functions.col("t." + quoted(column)).equalTo(functions.col("s." + quoted(column))));
    }
    return on;
  }

  private BuildOutcome outcome(
      Optional<Long> before, Map<TableName, Slice> slices, List<TestResult> tests) {
    Warehouse.Commit last = warehouse.history(session, table, 1).get(0);
    return ModelBuilder.merged(last, before, "merged history of " + Slice.describe(slices), tests);
  }

  /** The model's rows screened, once their columns are known to hold what the snapshot needs. */
  private Quarantine.Screened screened(Inputs inputs) {
    requireColumns(inputs.transformed(builder.model(spec)));
    return builder.screened(session, spec, inputs);
  }

  private void requireColumns(Dataset<Row> rows) {
    List<String> columns = Arrays.asList(rows.columns());
    for (String column : snapshot.requiredColumns()) {
      if (!columns.contains(column)) {
        throw Errors.invalidModel(
            spec.name(),
            "its snapshot needs the column '" + column + "', which its rows do not have " + columns,
            "Select it in the model, or name one of its columns in SnapshotSpec.");
      }
    }
  }

  private static BuildOutcome withFirst(List<TestResult> checks, BuildOutcome outcome) {
    List<TestResult> tests = new ArrayList<>(checks);
    tests.addAll(outcome.tests());
    return outcome.withTests(tests);
  }
}
