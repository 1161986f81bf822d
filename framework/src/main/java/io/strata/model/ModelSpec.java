package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a model is, separate from how it computes: its name, layer, materialization, declared
 * inputs, documentation, tags and physical layout.
 */
public record ModelSpec(
    TableName table,
    Materialization materialization,
    Optional<IncrementalSpec> incremental,
    Optional<SnapshotSpec> snapshot,
    List<String> refs,
    List<TableName> sources,
    String description,
    List<Column> columns,
    Set<String> tags,
    List<String> partitionBy,
    List<DataTest> tests) {

  public ModelSpec {
    requireNonNull(table, "table is null");
    requireNonNull(materialization, "materialization is null");
    requireNonNull(incremental, "incremental is null");
    requireNonNull(snapshot, "snapshot is null");
    refs = List.copyOf(requireNonNull(refs, "refs is null"));
    sources = List.copyOf(requireNonNull(sources, "sources is null"));
    requireNonNull(description, "description is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    tags = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
    partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy is null"));
    tests = List.copyOf(requireNonNull(tests, "tests is null"));
    if ((materialization == Materialization.INCREMENTAL) != incremental.isPresent()) {
      throw new IllegalArgumentException(
          "model "
              + table
              + ": an incremental spec is given exactly when materialized incremental");
    }
    if ((materialization == Materialization.SNAPSHOT) != snapshot.isPresent()) {
      throw new IllegalArgumentException(
          "model " + table + ": a snapshot spec is given exactly when materialized snapshot");
    }
    if (!partitionBy.isEmpty() && !materialization.isPersisted()) {
      throw new IllegalArgumentException(
          "model " + table + ": only table and incremental models can be partitioned");
    }
  }

  /** Starts a spec for the model stored as {@code layer.name}. */
  public static Builder builder(Layer layer, String name) {
    return new Builder(TableName.of(layer, name));
  }

  public String name() {
    return table.table();
  }

  public Layer layer() {
    return table.layer();
  }

  /** The unique key of an incremental or snapshot model; empty for the others. */
  public List<String> uniqueKey() {
    return incremental
        .map(IncrementalSpec::uniqueKey)
        .or(() -> snapshot.map(SnapshotSpec::uniqueKey))
        .orElse(List.of());
  }

  /**
   * The policy an incremental or snapshot model declares for a change of its code; empty when it
   * declares none (the project's default applies) and for the other materializations.
   */
  public Optional<OnCodeChange> onCodeChange() {
    return incremental
        .flatMap(IncrementalSpec::onCodeChange)
        .or(() -> snapshot.flatMap(SnapshotSpec::onCodeChange));
  }

  /** Fluent builder. Defaults: materialized as a view, no inputs, no tags, not partitioned. */
  public static final class Builder {
    private final TableName table;
    private Materialization materialization = Materialization.VIEW;
    private IncrementalSpec incremental;
    private SnapshotSpec snapshot;
    private final List<String> refs = new ArrayList<>();
    private final List<TableName> sources = new ArrayList<>();
    private String description = "";
    private final List<Column> columns = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final List<String> partitionBy = new ArrayList<>();
    private final List<DataTest> tests = new ArrayList<>();

    private Builder(TableName table) {
      this.table = table;
    }

    public Builder view() {
      return materialized(Materialization.VIEW);
    }

    public Builder table() {
      return materialized(Materialization.TABLE);
    }

    public Builder ephemeral() {
      return materialized(Materialization.EPHEMERAL);
    }

    public Builder incremental(IncrementalSpec spec) {
      this.incremental = requireNonNull(spec, "spec is null");
      this.materialization = Materialization.INCREMENTAL;
      return this;
    }

    /** History of every version of every key (slowly changing dimension, type 2). */
    public Builder snapshot(SnapshotSpec spec) {
      materialized(Materialization.SNAPSHOT);
      this.snapshot = requireNonNull(spec, "spec is null");
      return this;
    }

    private Builder materialized(Materialization materialization) {
      this.materialization = materialization;
      this.incremental = null;
      this.snapshot = null;
      return this;
    }

    /** Models this one reads, by name ({@code stg_orders}). */
    public Builder refs(String... models) {
      refs.addAll(List.of(models));
      return this;
    }

    /** Raw sources this one reads, as {@code raw.table}. */
    public Builder sources(String... tables) {
      for (String source : tables) {
        sources.add(TableName.parse(source));
      }
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder column(String name, String description) {
      columns.add(new Column(name, description));
      return this;
    }

    public Builder tags(String... tags) {
      this.tags.addAll(List.of(tags));
      return this;
    }

    public Builder partitionBy(String... columns) {
      partitionBy.addAll(List.of(columns));
      return this;
    }

    /** Data tests run after the model is computed, before it is published. */
    public Builder test(DataTest... tests) {
      this.tests.addAll(List.of(tests));
      return this;
    }

    public ModelSpec build() {
      return new ModelSpec(
          table,
          materialization,
          Optional.ofNullable(incremental),
          Optional.ofNullable(snapshot),
          refs,
          sources,
          description,
          columns,
          tags,
          partitionBy,
          tests);
    }
  }
}
