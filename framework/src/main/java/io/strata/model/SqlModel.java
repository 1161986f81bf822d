package io.strata.model;

/**
 * A model written as one SQL query in a {@code .sql} file under {@code models/<layer>/}: its name
 * is the file's, its layer the directory's, its configuration the HOCON block comment that opens
 * the file ({@code strata { materialized = table, ... }}), and its inputs the {@code layer.table}
 * names its query reads, found by Spark's parser.
 *
 * <p>Load them with {@link SqlModels}; its transform runs the query as {@link ModelContext#sql}
 * does, so an incremental model sees only the new rows of its inputs and an ephemeral input is
 * inlined, as for a Java model.
 */
public interface SqlModel extends Model {
  /** The file's text as written, header included: what the model runs. */
  String sql();

  /**
   * Where the file came from: {@code models/<layer>/<name>.sql} for a classpath resource, the path
   * for a file of {@code strata.project.sql-dir}.
   */
  String file();
}
