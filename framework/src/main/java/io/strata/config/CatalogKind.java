package io.strata.config;

/** Where {@code layer.table} names live. */
public enum CatalogKind {
  /** Delta tables in directories under the warehouse directory: {@code <dir>/<layer>/<table>}. */
  PATH,
  /** Tables in the session catalog (Glue, Hive metastore, Unity Catalog), schema per layer. */
  METASTORE
}
