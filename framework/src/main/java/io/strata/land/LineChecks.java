package io.strata.land;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks one line of a text input, returning why it is malformed. */
final class LineChecks {
  /** One JSON value per line: anything after it on the line makes the line a bad record. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The same, keeping every digit of a decimal number (for contracts). */
  private static final ObjectMapper EXACT_JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private LineChecks() {}

  /** The line's JSON object with its decimal numbers exact; the line is known to be well-formed. */
  static JsonNode exactJsonObject(String line) throws JsonProcessingException {
    return EXACT_JSON.readTree(line);
  }

  static Optional<String> json(String line) {
    try {
      jsonObject(line);
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.of(e.getOriginalMessage());
    }
  }

  /** The line's JSON object, or why the line is not one. */
  static JsonNode jsonObject(String line) throws JsonProcessingException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject()) {
      throw new JsonMappingException(null, "expected a JSON object per line");
    }
    return node;
  }

  /** Fields of a CSV line (RFC 4180 quoting, one physical line), or empty when unbalanced. */
  static Optional<List<String>> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return Optional.empty();
    }
    fields.add(field.toString());
    return Optional.of(fields);
  }

  static Optional<String> csv(String line, int expectedFields) {
    Optional<List<String>> fields = csvFields(line);
    if (fields.isEmpty()) {
      return Optional.of("unbalanced quotes");
    }
    if (fields.get().size() != expectedFields) {
      return Optional.of(
          "expected " + expectedFields + " fields as in the header, found " + fields.get().size());
    }
    return Optional.empty();
  }
}
