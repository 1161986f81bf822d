package io.strata.land;

import io.strata.model.TableName;

/** What one file's landing appended. */
public record LandResult(TableName table, String file, long rows, long badRecords, long version) {}
