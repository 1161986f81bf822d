package io.strata.warehouse;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Delta table's latest version as {@code DESCRIBE DETAIL} describes it.
 *
 * @param files data files of the latest version
 * @param bytes bytes of those files
 * @param columns top-level columns, in table order
 * @param partitionColumns the columns the table is partitioned by
 */
public record TableDetail(
    TableName table, long files, long bytes, List<String> columns, List<String> partitionColumns) {
  public TableDetail {
    requireNonNull(table, "table is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns is null"));
  }

  /** Columns the table can be Z-ordered by: every column but the partition columns. */
  public List<String> zOrderable() {
    return columns.stream().filter(c -> find(partitionColumns, c).isEmpty()).toList();
  }

  /**
   * The given Z-order columns spelt as in the table; fails naming the first column that is missing
   * or a partition column.
   */
  public List<String> requireZOrderable(List<String> zOrderBy) {
    List<String> resolved = new ArrayList<>();
    for (String column : zOrderBy) {
      boolean partition = find(partitionColumns, column).isPresent();
      Optional<String> found = find(zOrderable(), column);
      if (found.isEmpty()) {
        throw Errors.badZOrderColumn(table.toString(), column, partition, zOrderable());
      }
      resolved.add(found.get());
    }
    return List.copyOf(resolved);
  }

  /** Spark resolves column names case-insensitively by default. */
  private static Optional<String> find(List<String> names, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }
}
