package io.strata.materialize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** How new rows' columns differ from a table's, by name (case-insensitive), never by position. */
record SchemaDiff(List<String> added, List<String> removed, List<String> retyped) {
  static SchemaDiff between(StructType table, StructType rows) {
    Map<String, DataType> tableTypes = byName(table);
    Map<String, DataType> rowTypes = byName(rows);
    List<String> added = new ArrayList<>();
    List<String> retyped = new ArrayList<>();
    rowTypes.forEach(
        (name, type) -> {
          DataType existing = tableTypes.get(name);
          if (existing == null) {
            added.add(name);
          } else if (!existing.sameType(type)) {
            retyped.add(name + " (" + existing.simpleString() + " -> " + type.simpleString() + ")");
          }
        });
    List<String> removed =
        tableTypes.keySet().stream().filter(name -> !rowTypes.containsKey(name)).toList();
    return new SchemaDiff(List.copyOf(added), removed, List.copyOf(retyped));
  }

  boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
  }

  private static Map<String, DataType> byName(StructType schema) {
    Map<String, DataType> types = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      types.put(field.name().toLowerCase(Locale.ROOT), field.dataType());
    }
    return types;
  }
}
