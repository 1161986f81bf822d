package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.Quarantine;
import io.strata.warehouse.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A range backfill of an incremental model: the partitions in the range recomputed from every raw
 * row up to the table's watermark, tested, and swapped in with one Delta {@code replaceWhere}
 * commit.
 *
 * <p>The raw sources are read at the versions the table's last Strata commit recorded, not at their
 * latest: the replaced partitions then hold exactly what the other partitions were built from, and
 * the commit keeps that watermark, so the next incremental build reads every row landed since, for
 * every partition, once.
 */
final class Backfill {
  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final BackfillRange range;

  Backfill(ModelBuilder builder, SparkSession session, ModelSpec spec, BackfillRange range) {
    this.builder = builder;
    this.warehouse = builder.warehouse();
    this.session = session;
    this.spec = spec;
    this.range = range;
  }

  BuildOutcome run() {
    TableName table = spec.table();
    String column = check(session, warehouse, spec, range);
    long before = warehouse.version(session, table).orElseThrow();
    CommitMetadata previous = watermark(table);
    Quarantine.Screened screened =
        builder.screened(session, spec, builder.pinnedInputs(session, pinned(previous)));
    String condition = range.condition(column);
    Dataset<Row> rows =
        ModelBuilder.latestPerKey(spec, screened.kept()).where(functions.expr(condition));
    boolean unique = KeyUniqueness.proven(warehouse.commits(session, table), table.toString());
    CommitMetadata metadata =
        previous.withUniqueKeySince(unique ? OptionalLong.of(before) : OptionalLong.empty());
    BuildOutcome outcome = replace(rows, condition, metadata, before, column);
    return builder.recorded(spec, screened, outcome, false);
  }

  private BuildOutcome replace(
      Dataset<Row> computed,
      String condition,
      CommitMetadata metadata,
      long before,
      String column) {
    ModelAudit audits = builder.audits();
    Dataset<Row> rows =
        audits.audited(spec) ? computed.persist(StorageLevel.MEMORY_AND_DISK()) : computed;
    try {
      ModelAudit.Audit audit =
          audits.auditWithGate(
              spec,
              () -> audits.audit(session, spec, rows, Optional.empty()),
              () ->
                  warehouse
                      .read(session, spec.table())
                      .where(functions.not(functions.expr(condition)))
                      .unionByName(rows, true));
      builder.commit(
          session,
          spec.table(),
          metadata.withSingularPasses(audit.singular().passes()),
          () -> warehouse.replaceWhere(rows, spec.table(), condition));
      Warehouse.Commit last = warehouse.history(session, spec.table(), 1).get(0);
      return new BuildOutcome(
              Action.BACKFILLED,
              ModelBuilder.metric(last, "numOutputRows"),
              Optional.of(before),
              Optional.of(last.version()),
              "backfilled "
                  + range.describe(column)
                  + " from "
                  + String.join(
                      ", ",
                      metadata.sources().entrySet().stream()
                          .map(e -> e.getKey() + " v" + e.getValue())
                          .toList())
                  + ", replacing "
                  + ModelBuilder.metric(last, "numDeletedRows")
                  + " rows",
              last.metrics(),
              audit.tests())
          .withSingularTests(audit.singular().results());
    } finally {
      rows.unpersist();
    }
  }

  private CommitMetadata watermark(TableName table) {
    return CommitMetadata.latest(session, warehouse, table)
        .orElseThrow(
            () ->
                Errors.cannotBackfill(
                    spec.name(),
                    "no commit of " + table + " records what raw versions it holds",
                    "Rebuild it once: strata build " + spec.name() + " --full-refresh"));
  }

  /** The raw tables at the versions the watermark records. */
  private RunSnapshot pinned(CommitMetadata previous) {
    return RunSnapshot.atWatermark(session, warehouse, Lineage.of(builder.graph(), spec), previous)
        .orElseThrow(
            () ->
                Errors.cannotBackfill(
                    spec.name(),
                    "its table's watermark lacks a raw source it reads now",
                    "Build it first (strata build " + spec.name() + "), then backfill"));
  }

  /**
   * Checks that the model can be backfilled over the range; returns its range column, the first
   * partition column.
   */
  static String check(
      SparkSession spark, Warehouse warehouse, ModelSpec spec, BackfillRange range) {
    requireBackfillable(spec);
    String column = spec.partitionBy().get(0);
    if (!warehouse.exists(spec.table())) {
      throw Errors.cannotBackfill(
          spec.name(),
          "its table " + spec.table() + " has not been built",
          "Build it first: strata build " + spec.name());
    }
    Dataset<Row> published = warehouse.read(spark, spec.table());
    StructField field = published.schema().apply(column);
    if (!field.dataType().equals(DataTypes.DateType)) {
      throw Errors.cannotBackfill(
          spec.name(),
          "its partition column "
              + column
              + " is "
              + field.dataType().simpleString()
              + ", not a date, so a date range does not name its partitions",
          "Backfill a model partitioned by a date column, or rebuild it with --full-refresh");
    }
    List<LocalDate> values =
        published
            .select(column)
            .distinct()
            .where(functions.col(column).isNotNull())
            .collectAsList()
            .stream()
            .map(r -> ((Date) r.get(0)).toLocalDate())
            .toList();
    requireAligned(spec.name(), column, values, range);
    return column;
  }

  /** An incremental model partitioned by a column, else a usage error naming what it lacks. */
  static void requireBackfillable(ModelSpec spec) {
    if (spec.incremental().isEmpty()) {
      throw Errors.cannotBackfill(
          spec.name(),
          "it is materialized as "
              + spec.materialization().name().toLowerCase(java.util.Locale.ROOT)
              + ", and only incremental models are backfilled",
          "Rebuild it with strata build " + spec.name() + " (a table is recomputed whole)");
    }
    if (spec.partitionBy().isEmpty()) {
      throw Errors.cannotBackfill(
          spec.name(),
          "it has no partition column, so a range names no partitions to replace",
          "Rebuild it with strata build " + spec.name() + " --full-refresh");
    }
  }

  /**
   * A table whose partition values are all the first of a month (two or more of them) is taken to
   * be partitioned by month: the range must then start on a month's first day and end on its last.
   */
  static void requireAligned(
      String model, String column, List<LocalDate> values, BackfillRange range) {
    boolean monthly = values.size() >= 2 && values.stream().allMatch(d -> d.getDayOfMonth() == 1);
    if (!monthly) {
      return;
    }
    if (range.from().getDayOfMonth() != 1) {
      throw Errors.badBackfillRange(
          "--from " + range.from(),
          model + " is partitioned by month (" + column + " holds first days of months)",
          "Start the range on a month's first day, such as --from "
              + range.from().withDayOfMonth(1));
    }
    Optional<LocalDate> to = range.to();
    if (to.isPresent() && to.get().getDayOfMonth() != to.get().lengthOfMonth()) {
      throw Errors.badBackfillRange(
          "--to " + to.get(),
          model + " is partitioned by month (" + column + " holds first days of months)",
          "End the range on a month's last day, such as --to "
              + to.get().withDayOfMonth(to.get().lengthOfMonth()));
    }
  }
}
