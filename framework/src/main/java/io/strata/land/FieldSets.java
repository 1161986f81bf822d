package io.strata.land;

import io.strata.error.Errors;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the files of a directory hold one table's records: their top-level field sets must nest,
 * each including or included in every other's and the table's (a later file may add fields, and a
 * file may lack fields that are null in all its records, but two files each with a field the other
 * lacks are two tables).
 */
final class FieldSets {
  private FieldSets() {}

  /**
   * Refuses the directory unless its files' fields nest with each other's and the table's.
   *
   * @param files each file's fields, in the directory's order
   * @param table the fields the table has, or will have from this landing's earlier inputs; empty
   *     when it has none yet
   */
  static void requireOneTable(
      String directory, TableName table, Map<String, Set<String>> files, Set<String> tableFields) {
    List<Named> sets = new ArrayList<>();
    if (!tableFields.isEmpty()) {
      sets.add(new Named(table.toString(), new TreeSet<>(tableFields)));
    }
    files.forEach((file, fields) -> sets.add(new Named("'" + file + "'", new TreeSet<>(fields))));
    sets.sort(Comparator.comparingInt(n -> n.fields().size()));
    for (int i = 1; i < sets.size(); i++) {
      Named smaller = sets.get(i - 1);
      Named larger = sets.get(i);
      if (!larger.fields().containsAll(smaller.fields())) {
        throw Errors.directoryOfSeveralTables(
            directory, table.toString(), describe(smaller), describe(larger), files.keySet());
      }
    }
  }

  private static String describe(Named named) {
    return named.name() + " has " + named.fields();
  }

  private record Named(String name, TreeSet<String> fields) {}
}
