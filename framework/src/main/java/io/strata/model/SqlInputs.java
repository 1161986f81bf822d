package io.strata.model;

import io.strata.error.Errors;
import io.strata.error.Suggestions;
import io.strata.model.SqlRelations.Relation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sorts the tables a SQL model's query names into the refs and sources of its spec: {@code
 * raw.table} names a declared source, any other {@code layer.table} a model of the project. Any
 * other name fails, with the file and the line.
 */
final class SqlInputs {
  private final Map<String, Layer> models;
  private final Set<TableName> sources;
  private final Set<String> refs = new LinkedHashSet<>();
  private final Set<TableName> read = new LinkedHashSet<>();

  private SqlInputs(Map<String, Layer> models, Set<TableName> sources) {
    this.models = models;
    this.sources = sources;
  }

  /** The inputs of a file whose query names {@code relations}. */
  static SqlInputs of(
      String file, List<Relation> relations, Map<String, Layer> models, Set<TableName> sources) {
    SqlInputs inputs = new SqlInputs(models, sources);
    relations.forEach(relation -> inputs.add(file, relation));
    return inputs;
  }

  List<String> refs() {
    return List.copyOf(refs);
  }

  List<TableName> sources() {
    return List.copyOf(read);
  }

  private void add(String file, Relation relation) {
    Optional<TableName> table =
        relation.parts().size() == 2
            ? TableName.tryParse(relation.name().toLowerCase(Locale.ROOT))
            : Optional.empty();
    if (table.isEmpty()) {
      throw unknown(file, relation, "which is not a layer.table name", bareSuggestion(relation));
    }
    TableName name = table.get();
    if (name.layer() == Layer.RAW) {
      if (!sources.contains(name)) {
        throw unknown(file, relation, "which is not a declared raw source", names(sources));
      }
      read.add(name);
    } else if (models.get(name.table()) == name.layer()) {
      refs.add(name.table());
    } else {
      throw unknown(
          file,
          relation,
          models.containsKey(name.table())
              ? "but " + name.table() + " is a " + models.get(name.table()) + " model"
              : "which is not a model of this project",
          allNames());
    }
    requirePlain(file, relation, name);
  }

  /**
   * The query runs with its {@code layer.table} names replaced by the inputs' rows, which is done
   * for names written plainly; a quoted or spaced one would be left to the catalog.
   */
  private static void requirePlain(String file, Relation relation, TableName name) {
    String written = relation.written();
    String plain = relation.parts().get(0) + "." + relation.parts().get(1);
    boolean isPlain =
        written.isEmpty()
            || (written.regionMatches(true, 0, plain, 0, plain.length())
                && (written.length() == plain.length()
                    || !Character.isLetterOrDigit(written.charAt(plain.length()))
                        && written.charAt(plain.length()) != '_'));
    if (!isPlain) {
      throw Errors.sqlUnknownInput(
          file,
          relation.line(),
          written,
          "written with quotes or spaces; write it plainly as " + name,
          List.of());
    }
  }

  private RuntimeException unknown(
      String file, Relation relation, String reason, Collection<String> candidates) {
    return Errors.sqlUnknownInput(
        file,
        relation.line(),
        relation.name(),
        reason,
        Suggestions.closest(relation.name(), candidates));
  }

  private Collection<String> bareSuggestion(Relation relation) {
    String last = relation.parts().get(relation.parts().size() - 1).toLowerCase(Locale.ROOT);
    Layer layer = models.get(last);
    return layer != null ? List.of(layer.id() + "." + last) : allNames();
  }

  private Collection<String> allNames() {
    List<String> all = new ArrayList<>(names(sources));
    models.forEach((name, layer) -> all.add(layer.id() + "." + name));
    return all;
  }

  private static List<String> names(Set<TableName> tables) {
    return tables.stream().map(TableName::toString).toList();
  }
}
