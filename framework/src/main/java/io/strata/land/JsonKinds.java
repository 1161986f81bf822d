package io.strata.land;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The JSON kind (string, number, boolean, object, array) of each top-level field, and which kind
 * each field must have in a landing.
 *
 * <p>A field keeps one kind. Its kind is the raw table's, where the table has the field; else,
 * among the records of the landing, strings, numbers and booleans together make a string (each
 * lands as its JSON text, losing nothing), and otherwise the kind most records have (the first
 * record's on a tie). A number, or true or false, fits a string field and lands as its JSON text;
 * any other kind than the field's is a bad record. Nulls fit every kind.
 */
final class JsonKinds {
  private static final JsonFactory TEXT = new JsonFactory();

  private JsonKinds() {}

  enum Kind {
    STRING("a string"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    OBJECT("an object"),
    ARRAY("an array");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    boolean scalar() {
      return this == STRING || this == NUMBER || this == BOOLEAN;
    }

    boolean fits(Kind expected) {
      return this == expected || (expected == STRING && scalar());
    }

    static Optional<Kind> of(JsonNode node) {
      if (node.isTextual()) {
        return Optional.of(STRING);
      }
      if (node.isNumber()) {
        return Optional.of(NUMBER);
      }
      if (node.isBoolean()) {
        return Optional.of(BOOLEAN);
      }
      if (node.isObject()) {
        return Optional.of(OBJECT);
      }
      return node.isArray() ? Optional.of(ARRAY) : Optional.empty();
    }

    /** The kind a table column of this type holds; empty for types JSON does not land. */
    static Optional<Kind> of(DataType type) {
      if (type instanceof StringType) {
        return Optional.of(STRING);
      }
      if (type instanceof NumericType) {
        return Optional.of(NUMBER);
      }
      if (type instanceof BooleanType) {
        return Optional.of(BOOLEAN);
      }
      if (type instanceof StructType || type instanceof MapType) {
        return Optional.of(OBJECT);
      }
      return type instanceof ArrayType ? Optional.of(ARRAY) : Optional.empty();
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** The kind of each non-null top-level field of a JSON object. */
  static Map<String, Kind> of(JsonNode object) {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      Kind.of(field.getValue()).ifPresent(kind -> kinds.put(field.getKey(), kind));
    }
    return kinds;
  }

  /**
   * How often each field has each kind, and where first.
   *
   * @param seen by field, then kind: the count and the order of the first record with it
   */
  record Tally(Map<String, Map<Kind, Seen>> seen) implements Serializable {
    Tally() {
      this(new HashMap<>());
    }

    void add(Map<String, Kind> kinds, long order) {
      kinds.forEach(
          (field, kind) ->
              seen.computeIfAbsent(field, f -> new HashMap<>())
                  .merge(kind, new Seen(1, order), Seen::plus));
    }

    Tally plus(Tally other) {
      other.seen.forEach(
          (field, kinds) ->
              kinds.forEach(
                  (kind, s) ->
                      seen.computeIfAbsent(field, f -> new HashMap<>())
                          .merge(kind, s, Seen::plus)));
      return this;
    }
  }

  /** How many records had a kind, and the order of the first. */
  record Seen(long count, long first) implements Serializable {
    Seen plus(Seen other) {
      return new Seen(count + other.count, Math.min(first, other.first));
    }
  }

  /**
   * The kind a field must have, and whose it is for messages.
   *
   * @param owner {@code raw.orders}, or {@code the other records}
   */
  record Expected(Kind kind, String owner) implements Serializable {}

  /**
   * The kind each field must have: the table's where it has the field, else decided by the tally.
   */
  static Map<String, Expected> expected(Tally tally, Map<String, DataType> table, String name) {
    Map<String, Expected> expected = new HashMap<>();
    tally.seen.forEach(
        (field, kinds) -> {
          Optional<Kind> tableKind = Optional.ofNullable(table.get(field)).flatMap(Kind::of);
          if (tableKind.isPresent()) {
            expected.put(field, new Expected(tableKind.get(), name));
          } else if (kinds.size() > 1) {
            expected.put(field, new Expected(mostSeen(kinds), "the other records"));
          }
        });
    return expected;
  }

  private static Kind mostSeen(Map<Kind, Seen> kinds) {
    if (kinds.keySet().stream().allMatch(Kind::scalar)) {
      return Kind.STRING;
    }
    return kinds.entrySet().stream()
        .min(
            java.util.Comparator.<Map.Entry<Kind, Seen>>comparingLong(e -> -e.getValue().count())
                .thenComparingLong(e -> e.getValue().first()))
        .orElseThrow()
        .getKey();
  }

  /**
   * The record with the numbers and booleans of the given top-level fields turned into strings of
   * their exact JSON text ({@code 7.50} stays {@code "7.50"}, where Spark would write {@code 7.5}).
   */
  static String withTextOf(String record, Set<String> fields) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonParser in = TEXT.createParser(record);
        JsonGenerator gen = TEXT.createGenerator(out)) {
      in.nextToken();
      gen.writeStartObject();
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        gen.writeFieldName(name);
        JsonToken value = in.nextToken();
        if (fields.contains(name) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          gen.writeString(in.getText());
        } else {
          gen.copyCurrentStructure(in);
        }
      }
      gen.writeEndObject();
    }
    return out.toString();
  }

  /** Why a record's fields do not have their expected kinds; empty when they do. */
  static Optional<String> mismatch(Map<String, Kind> kinds, Map<String, Expected> expected) {
    for (Map.Entry<String, Kind> field : kinds.entrySet()) {
      Expected wanted = expected.get(field.getKey());
      if (wanted != null && !field.getValue().fits(wanted.kind())) {
        return Optional.of(
            String.format(
                "field '%s' is %s where %s %s %s",
                field.getKey(),
                field.getValue(),
                wanted.owner(),
                wanted.owner().startsWith("the ") ? "hold" : "holds",
                wanted.kind()));
      }
    }
    return Optional.empty();
  }
}
