package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A raw table as landed, read by staging models.
 *
 * @param loadedAt the landing-time column, {@code _loaded_at} by default
 * @param warnAfter a source whose newest row landed longer ago than this warns
 * @param errorAfter ...and longer ago than this stops a build before any model runs
 * @param columns the source's contract: the columns every landed file must have, with the type each
 *     value must cast to; empty for a source without a contract, which lands any columns
 */
public record SourceSpec(
    TableName table,
    String description,
    String loadedAt,
    Optional<Duration> warnAfter,
    Optional<Duration> errorAfter,
    List<SourceColumn> columns) {
  public SourceSpec {
    requireNonNull(table, "table is null");
    requireNonNull(description, "description is null");
    requireNonNull(loadedAt, "loadedAt is null");
    requireNonNull(warnAfter, "warnAfter is null");
    requireNonNull(errorAfter, "errorAfter is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    Set<String> names = new TreeSet<>();
    for (SourceColumn column : columns) {
      if (!names.add(column.name())) {
        throw new IllegalArgumentException(
            "source " + table + " declares column '" + column.name() + "' twice");
      }
    }
    if (table.layer() != Layer.RAW) {
      throw new IllegalArgumentException("source " + table + " must be in the raw layer");
    }
  }

  /** A raw source whose load timestamp is {@code _loaded_at}, with no freshness rule. */
  public static SourceSpec of(String table, String description) {
    return new SourceSpec(
        TableName.parse(table),
        description,
        "_loaded_at",
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** The same source with freshness thresholds on its newest landing. */
  public SourceSpec freshness(Duration warnAfter, Duration errorAfter) {
    return new SourceSpec(
        table, description, loadedAt, Optional.of(warnAfter), Optional.of(errorAfter), columns);
  }

  /**
   * The same source with one more nullable column in its contract.
   *
   * @param type a Spark SQL type name, one of {@link SourceColumn#TYPES}: {@code decimal(10,2)}
   */
  public SourceSpec column(String name, String type) {
    return withColumn(SourceColumn.of(name, type));
  }

  /** The same source with one more column in its contract, whose value every record must have. */
  public SourceSpec requiredColumn(String name, String type) {
    return withColumn(SourceColumn.of(name, type).asRequired());
  }

  /** The same source with these columns added to its contract. */
  public SourceSpec contract(SourceColumn... more) {
    SourceSpec spec = this;
    for (SourceColumn column : more) {
      spec = spec.withColumn(column);
    }
    return spec;
  }

  private SourceSpec withColumn(SourceColumn column) {
    List<SourceColumn> all = new ArrayList<>(columns);
    all.add(column);
    return new SourceSpec(table, description, loadedAt, warnAfter, errorAfter, all);
  }

  /** Whether the source declares its columns; one without lands any columns, as they come. */
  public boolean hasContract() {
    return !columns.isEmpty();
  }

  /**
   * The columns among these that the contract does not declare, in their order; empty for a source
   * without a contract. {@link io.strata.land.SourceContracts#undeclared} asks a raw table.
   */
  public List<String> undeclared(Collection<String> tableColumns) {
    if (!hasContract()) {
      return List.of();
    }
    Set<String> declared = new TreeSet<>();
    columns.forEach(c -> declared.add(c.name()));
    return tableColumns.stream().filter(c -> !declared.contains(c)).toList();
  }

  public boolean hasFreshness() {
    return warnAfter.isPresent() || errorAfter.isPresent();
  }
}
