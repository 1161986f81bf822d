package io.strata.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code tests} of a SQL model's header, each an object with one test and its modifiers: {@code
 * { not_null = order_id }}, {@code { unique = [a, b] }}, {@code { accepted_values { column =
 * status, values = [placed, shipped] } }}, {@code { relationships { column = customer_id, to =
 * dim_customers, field = customer_id }, severity = warn }}, {@code { expression { name = x,
 * predicate = "amount >= 0" } }}, {@code { range { column = amount, min = 0, max = 100 } }}, {@code
 * { row_count { min = 1, max = 1000 } }}; modifiers {@code severity = warn}, {@code quarantine =
 * true}, {@code error_if_more_than}, {@code error_if_fraction_above}, {@code warn_if_more_than},
 * {@code warn_if_fraction_above}.
 */
final class SqlTests {
  private static final Map<String, Function<SqlHeader, DataTest>> KINDS =
      Map.of(
          "not_null", t -> DataTest.notNull(t.string("not_null").orElseThrow()),
          "unique", t -> DataTest.unique(t.strings("unique").toArray(String[]::new)),
          "accepted_values", SqlTests::acceptedValues,
          "relationships", SqlTests::relationship,
          "expression", SqlTests::expression,
          "range", SqlTests::range,
          "row_count", SqlTests::rowCount);

  private static final List<String> MODIFIERS =
      List.of(
          "severity",
          "quarantine",
          "error_if_more_than",
          "error_if_fraction_above",
          "warn_if_more_than",
          "warn_if_fraction_above");

  private SqlTests() {}

  static List<DataTest> of(SqlHeader header) {
    return header.objects("tests").stream().map(SqlTests::test).toList();
  }

  private static DataTest test(SqlHeader test) {
    List<String> known = new ArrayList<>(KINDS.keySet());
    known.addAll(MODIFIERS);
    test.requireKnownKeys(known);
    List<String> kinds = KINDS.keySet().stream().filter(test::has).sorted().toList();
    if (kinds.size() != 1) {
      throw test.badObject(
          "tests",
          kinds.isEmpty()
              ? "holds a test of no known kind: give one of "
                  + KINDS.keySet().stream().sorted().toList()
              : "holds a test of several kinds " + kinds + ": write one object per test");
    }
    String kind = kinds.get(0);
    try {
      return modified(KINDS.get(kind).apply(test), test);
    } catch (IllegalArgumentException e) {
      throw test.badValue(kind, "is not a valid test: " + e.getMessage());
    }
  }

  private static DataTest modified(DataTest test, SqlHeader header) {
    DataTest out = header.bool("quarantine").orElse(false) ? test.quarantine() : test;
    if (header.choice("severity", Severity.class).orElse(Severity.ERROR) == Severity.WARN) {
      out = out.warn();
    }
    out = header.whole("error_if_more_than").map(out::errorIfMoreThan).orElse(out);
    out = header.number("error_if_fraction_above").map(out::errorIfFractionAbove).orElse(out);
    out = header.whole("warn_if_more_than").map(out::warnIfMoreThan).orElse(out);
    return header.number("warn_if_fraction_above").map(out::warnIfFractionAbove).orElse(out);
  }

  private static DataTest acceptedValues(SqlHeader test) {
    SqlHeader args = arguments(test, "accepted_values", "column", "values");
    return DataTest.acceptedValues(
        required(args, "column"), args.strings("values").toArray(String[]::new));
  }

  private static DataTest relationship(SqlHeader test) {
    SqlHeader args = arguments(test, "relationships", "column", "to", "field");
    return DataTest.relationship(
        required(args, "column"), required(args, "to"), required(args, "field"));
  }

  private static DataTest expression(SqlHeader test) {
    SqlHeader args = arguments(test, "expression", "name", "predicate");
    return DataTest.expression(required(args, "name"), required(args, "predicate"));
  }

  private static DataTest range(SqlHeader test) {
    SqlHeader args = arguments(test, "range", "column", "min", "max");
    return DataTest.range(required(args, "column"), bound(args, "min"), bound(args, "max"));
  }

  private static DataTest rowCount(SqlHeader test) {
    SqlHeader args = arguments(test, "row_count", "min", "max");
    return DataTest.rowCount(
        args.whole("min").orElseThrow(() -> args.badValue("min", "is missing")),
        args.whole("max").orElseThrow(() -> args.badValue("max", "is missing")));
  }

  private static SqlHeader arguments(SqlHeader test, String kind, String... keys) {
    SqlHeader args = test.object(kind);
    args.requireKnownKeys(List.of(keys));
    return args;
  }

  private static String required(SqlHeader args, String key) {
    return args.string(key).orElseThrow(() -> args.badValue(key, "is missing"));
  }

  private static double bound(SqlHeader args, String key) {
    return args.number(key).orElseThrow(() -> args.badValue(key, "is missing"));
  }

  private enum Severity {
    ERROR,
    WARN
  }
}
