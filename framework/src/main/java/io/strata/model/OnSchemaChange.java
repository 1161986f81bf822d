package io.strata.model;

/** What an incremental run does when the new rows' columns differ from the table's. */
public enum OnSchemaChange {
  /** Keep the table's columns: new columns are dropped, missing ones written as null. */
  IGNORE,
  /** Fail, naming the added, removed and retyped columns. */
  FAIL,
  /** Add new columns to the table; keep columns the new rows lack. */
  APPEND_NEW_COLUMNS,
  /** Make the table's columns those of the new rows, by name: add, drop and retype. */
  SYNC_ALL_COLUMNS
}
