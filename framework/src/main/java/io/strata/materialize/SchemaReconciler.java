package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;
import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.model.IncrementalSpec;
import io.strata.model.ModelSpec;
import io.strata.model.OnSchemaChange;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An incremental model's new rows against its table's columns, as its {@code on_schema_change}
 * says: fail, ignore the difference, append new columns, or rewrite the table to the new columns.
 * Where the table gains columns, it sets {@link #AUTO_MERGE} on the session for the MERGE; the
 * caller unsets it.
 */
final class SchemaReconciler {
  static final String AUTO_MERGE = "spark.databricks.delta.schema.autoMerge.enabled";

  private final ModelBuilder builder;
  private final Warehouse warehouse;
  private final SparkSession session;
  private final ModelSpec spec;
  private final IncrementalSpec incremental;
  private final TableName table;

  SchemaReconciler(ModelBuilder builder, SparkSession session, ModelSpec spec) {
    this.builder = requireNonNull(builder, "builder is null");
    this.warehouse = builder.warehouse();
    this.session = requireNonNull(session, "session is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.incremental = spec.incremental().orElseThrow();
    this.table = spec.table();
  }

  /** Applies on_schema_change to the new rows; may rewrite the table first (sync_all_columns). */
  Dataset<Row> reconcile(Dataset<Row> rows, CommitMetadata previous) {
    requireColumns(rows);
    StructType target = warehouse.read(session, table).schema();
    SchemaDiff diff = SchemaDiff.between(target, rows.schema());
    if (diff.isEmpty()) {
      return rows;
    }
    OnSchemaChange policy = incremental.onSchemaChange();
    switch (policy) {
      case FAIL ->
          throw Errors.schemaDrift(spec.name(), diff.added(), diff.removed(), diff.retyped());
      case IGNORE -> {
        return conform(rows, target, false);
      }
      case APPEND_NEW_COLUMNS -> {
        session.conf().set(AUTO_MERGE, "true");
        return conform(rows, target, true);
      }
      case SYNC_ALL_COLUMNS -> {
        if (!diff.removed().isEmpty() || !diff.retyped().isEmpty()) {
          rewriteTable(rows.schema(), previous);
        }
        session.conf().set(AUTO_MERGE, "true");
        return rows;
      }
      default -> throw new IllegalStateException("unhandled policy " + policy);
    }
  }

  /** Throws when the rows lack a column the incremental config names (key, order, landed at). */
  void requireColumns(Dataset<Row> rows) {
    Set<String> present = lowerCase(rows.schema());
    List<String> missing =
        incremental.requiredColumns().stream()
            .filter(c -> !present.contains(c.toLowerCase(Locale.ROOT)))
            .toList();
    if (!missing.isEmpty()) {
      throw Errors.incrementalColumnsMissing(
          spec.name(), missing, Arrays.asList(rows.schema().fieldNames()));
    }
  }

  /**
   * The rows with the table's columns by name: a missing column as null, a retyped one cast to the
   * table's type, and new columns kept only when the table will gain them.
   */
  private static Dataset<Row> conform(Dataset<Row> rows, StructType target, boolean keepNew) {
    List<Column> columns = new ArrayList<>(List.of(castTo(target, lowerCase(rows.schema()))));
    if (keepNew) {
      Set<String> targetColumns = lowerCase(target);
      for (String name : rows.schema().fieldNames()) {
        if (!targetColumns.contains(name.toLowerCase(Locale.ROOT))) {
          columns.add(functions.col(quoted(name)));
        }
      }
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /** Rewrites the table to the new columns by name, keeping the previous watermark. */
  private void rewriteTable(StructType schema, CommitMetadata previous) {
    Dataset<Row> existing = warehouse.read(session, table);
    Dataset<Row> rewritten = existing.select(castTo(schema, lowerCase(existing.schema())));
    builder.commit(
        session, table, previous, () -> warehouse.overwrite(rewritten, table, spec.partitionBy()));
  }

  /**
   * Each column of {@code schema}, by name, cast to its type: read where {@code present} (lower
   * case) has it, else null.
   */
  private static Column[] castTo(StructType schema, Set<String> present) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column value =
          present.contains(field.name().toLowerCase(Locale.ROOT))
              ? functions.col(quoted(field.name()))
              : functions.lit(null);
      columns.add(value.cast(field.dataType()).as(field.name()));
    }
    return columns.toArray(Column[]::new);
  }

  private static Set<String> lowerCase(StructType schema) {
    Set<String> names = new HashSet<>();
    for (String name : schema.fieldNames()) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
