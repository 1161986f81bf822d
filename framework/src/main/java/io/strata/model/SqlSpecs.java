package io.strata.model;

import com.typesafe.config.ConfigUtil;
import java.util.List;

/** A SQL model's spec: its name and layer from the file, the rest from its header. */
final class SqlSpecs {
  static final List<String> KEYS =
      List.of(
          "materialized",
          "unique_key",
          "order_by",
          "event_time",
          "loaded_at",
          "lookback",
          "on_schema_change",
          "copy_on_write",
          "partition_by",
          "tags",
          "description",
          "columns",
          "tests");

  private static final List<String> INCREMENTAL_KEYS = KEYS.subList(1, 8);

  private SqlSpecs() {}

  static ModelSpec of(
      TableName table, SqlHeader header, List<String> refs, List<TableName> sources) {
    header.requireKnownKeys(KEYS);
    ModelSpec.Builder spec = ModelSpec.builder(table.layer(), table.table());
    materialize(spec, header);
    spec.refs(refs.toArray(String[]::new));
    spec.sources(sources.stream().map(TableName::toString).toArray(String[]::new));
    header.string("description").ifPresent(spec::description);
    spec.tags(header.strings("tags").toArray(String[]::new));
    spec.partitionBy(header.strings("partition_by").toArray(String[]::new));
    if (header.has("columns")) {
      SqlHeader columns = header.object("columns");
      for (String column : columns.keysInOrder()) {
        spec.column(column, columns.string(ConfigUtil.joinPath(column)).orElseThrow());
      }
    }
    spec.test(SqlTests.of(header).toArray(DataTest[]::new));
    try {
      return spec.build();
    } catch (IllegalArgumentException e) {
      throw header.badObject("strata", "does not make a valid model: " + e.getMessage());
    }
  }

  private static void materialize(ModelSpec.Builder spec, SqlHeader header) {
    Materialization kind =
        header.choice("materialized", Materialization.class).orElse(Materialization.VIEW);
    switch (kind) {
      case VIEW -> spec.view();
      case TABLE -> spec.table();
      case EPHEMERAL -> spec.ephemeral();
      case INCREMENTAL -> spec.incremental(incremental(header));
      case SNAPSHOT ->
          throw header.badValue(
              "materialized", "is snapshot, which SQL models do not offer: write it in Java");
    }
    if (kind != Materialization.INCREMENTAL) {
      INCREMENTAL_KEYS.stream()
          .filter(header::has)
          .findFirst()
          .ifPresent(
              key -> {
                throw header.badValue(
                    key, "applies to incremental models only (materialized = " + kind.id() + ")");
              });
    }
  }

  private static IncrementalSpec incremental(SqlHeader header) {
    List<String> key = header.strings("unique_key");
    if (key.isEmpty()) {
      throw header.badValue(
          "materialized", "is incremental, which needs unique_key (the column to merge on)");
    }
    IncrementalSpec.Builder inc = IncrementalSpec.uniqueKey(key.toArray(String[]::new));
    header.string("order_by").ifPresent(inc::orderBy);
    header.string("event_time").ifPresent(inc::eventTime);
    header.string("loaded_at").ifPresent(inc::loadedAt);
    header.duration("lookback").ifPresent(inc::lookback);
    header.choice("on_schema_change", OnSchemaChange.class).ifPresent(inc::onSchemaChange);
    if (header.bool("copy_on_write").orElse(false)) {
      inc.copyOnWrite();
    }
    try {
      return inc.build();
    } catch (IllegalArgumentException e) {
      throw header.badValue("materialized", "is incremental, but " + e.getMessage());
    }
  }
}
