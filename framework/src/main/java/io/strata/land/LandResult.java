package io.strata.land;

import io.strata.model.TableName;

/**
 * What one file's landing appended.
 *
 * @param version the raw table's version after it; -1 when the table does not exist (nothing landed
 *     into it yet)
 */
public record LandResult(TableName table, String file, long rows, long badRecords, long version) {}
