package io.strata.land;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.error.Errors;
import io.strata.land.JsonKinds.Expected;
import io.strata.land.JsonKinds.Tally;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * One JSON Lines or CSV file, line by line: its non-blank lines numbered as in the file (cached
 * until the landing releases them), checked one by one, then read by Spark without the bad ones.
 */
final class TextInput {
  private final SparkSession spark;
  private final String file;
  private final boolean json;
  private final JavaPairRDD<String, Long> lines;
  private final String header;
  private final long headerIndex;

  private TextInput(
      SparkSession spark,
      String file,
      boolean json,
      JavaPairRDD<String, Long> lines,
      Optional<Tuple2<String, Long>> header) {
    this.spark = spark;
    this.file = file;
    this.json = json;
    this.lines = lines;
    this.header = header.map(Tuple2::_1).orElse(null);
    this.headerIndex = header.map(Tuple2::_2).orElse(-1L);
  }

  /** Opens a file; what it caches is released through {@code release}. */
  static TextInput open(SparkSession spark, String file, boolean json, List<Runnable> release) {
    JavaPairRDD<String, Long> numbered;
    try {
      numbered = spark.read().textFile(file).javaRDD().zipWithIndex();
    } catch (RuntimeException e) {
      throw Errors.unreadableInput(file, e.getMessage());
    }
    JavaPairRDD<String, Long> lines = numbered.filter(t -> !t._1().isBlank()).cache();
    release.add(lines::unpersist);
    if (json) {
      return new TextInput(spark, file, true, lines, Optional.empty());
    }
    List<Tuple2<String, Long>> first = lines.take(1);
    if (first.isEmpty()) {
      throw Errors.unreadableInput(file, "a CSV file needs a header line");
    }
    return new TextInput(spark, file, false, lines, Optional.of(first.get(0)));
  }

  private JavaPairRDD<String, Long> records() {
    long skip = headerIndex;
    return lines.filter(t -> t._2() != skip);
  }

  /**
   * The kinds of the fields of the file's well-formed JSON records, each record ordered by {@code
   * offset} plus its line index.
   */
  Tally tally(long offset) {
    List<Tally> parts =
        records()
            .mapPartitions(
                records -> {
                  Tally tally = new Tally();
                  records.forEachRemaining(
                      t -> {
                        try {
                          tally.add(JsonKinds.of(LineChecks.jsonObject(t._1())), offset + t._2());
                        } catch (JsonProcessingException e) {
                          // a malformed line: bad() reports it
                        }
                      });
                  return List.of(tally).iterator();
                })
            .collect();
    return parts.stream().reduce(new Tally(), Tally::plus);
  }

  /**
   * The file's malformed records, by line: bad syntax, or a field of another kind than expected.
   */
  List<BadRecord> bad(Map<String, Expected> expected) {
    String name = file;
    boolean isJson = json;
    int fields = isJson ? 0 : LineChecks.csvFields(header).map(List::size).orElse(0);
    List<BadRecord> bad =
        records()
            .flatMap(
                t -> {
                  Optional<String> error =
                      isJson ? jsonError(t._1(), expected) : LineChecks.csv(t._1(), fields);
                  return error
                      .map(e -> List.of(new BadRecord(name, t._2() + 1, e, t._1())).iterator())
                      .orElse(Collections.emptyIterator());
                })
            .collect();
    List<BadRecord> sorted = new ArrayList<>(bad);
    sorted.sort(Comparator.comparingLong(BadRecord::line));
    return List.copyOf(sorted);
  }

  /**
   * The file's first line that breaks the contract, among the records not in {@code bad}; each
   * record is checked on its own, so the breach is the one with the lowest line number.
   */
  Optional<Breach> breach(Contract contract, List<BadRecord> bad) {
    Set<Long> badLines = lineIndexes(bad);
    String name = file;
    boolean isJson = json;
    Map<String, Integer> header = headerIndexes();
    List<Breach> found =
        records()
            .filter(t -> !badLines.contains(t._2()))
            .mapPartitions(
                records -> {
                  Breach first = null;
                  while (records.hasNext()) {
                    Tuple2<String, Long> t = records.next();
                    Optional<Breach> breach =
                        isJson
                            ? contract.json(LineChecks.exactJsonObject(t._1()), name, t._2() + 1)
                            : contract.csv(
                                LineChecks.csvFields(t._1()).orElseThrow(),
                                header,
                                name,
                                t._2() + 1);
                    if (breach.isPresent()
                        && (first == null || breach.get().position() < first.position())) {
                      first = breach.get();
                    }
                  }
                  return (first == null ? List.<Breach>of() : List.of(first)).iterator();
                })
            .collect();
    return found.stream().min(Comparator.comparingLong(Breach::position));
  }

  /**
   * Where the file's fields are, for a message: a CSV file's header line, a JSON file's records
   * from the first; empty for a JSON file without records.
   */
  Optional<String> fieldsLine() {
    if (!json) {
      return Optional.of("its header, line " + (headerIndex + 1));
    }
    List<Tuple2<String, Long>> first = records().take(1);
    return first.isEmpty()
        ? Optional.empty()
        : Optional.of("every record, from line " + (first.get(0)._2() + 1));
  }

  private Map<String, Integer> headerIndexes() {
    Map<String, Integer> indexes = new java.util.HashMap<>();
    if (!json) {
      List<String> names = LineChecks.csvFields(header).orElse(List.of());
      for (int i = 0; i < names.size(); i++) {
        indexes.putIfAbsent(names.get(i), i);
      }
    }
    return indexes;
  }

  private static Set<Long> lineIndexes(List<BadRecord> bad) {
    Set<Long> lines = new HashSet<>();
    bad.forEach(b -> lines.add(b.line() - 1));
    return lines;
  }

  private static Optional<String> jsonError(String line, Map<String, Expected> expected) {
    try {
      return JsonKinds.mismatch(JsonKinds.of(LineChecks.jsonObject(line)), expected);
    } catch (JsonProcessingException e) {
      return Optional.of(e.getOriginalMessage());
    }
  }

  /**
   * The file's records but the bad ones, as Spark reads them; JSON fields named in {@code strings}
   * are read as text, a number or boolean as its exact JSON text.
   */
  Dataset<Row> rows(List<BadRecord> bad, Set<String> strings) {
    Set<Long> badLines = lineIndexes(bad);
    Dataset<String> good =
        spark.createDataset(
            records().filter(t -> !badLines.contains(t._2())).map(Tuple2::_1).rdd(),
            Encoders.STRING());
    if (!json) {
      Dataset<String> withHeader =
          spark.createDataset(List.of(header), Encoders.STRING()).union(good);
      return spark.read().option("header", "true").option("mode", "FAILFAST").csv(withHeader);
    }
    if (strings.isEmpty()) {
      return spark.read().option("mode", "FAILFAST").json(good);
    }
    Dataset<String> texts =
        good.map(
            (MapFunction<String, String>) line -> JsonKinds.withTextOf(line, strings),
            Encoders.STRING());
    return spark.read().option("mode", "FAILFAST").json(texts);
  }
}
