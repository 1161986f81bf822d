package io.strata.land;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.error.Errors;
import io.strata.model.SourceSpec;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Appends files to raw Delta tables as landed, adding {@code _loaded_at} and {@code _source_file}.
 *
 * <p>Every input is read and checked before anything is appended: a malformed line fails the whole
 * landing with its file and line number, unless a bad-records directory takes it. A JSON field
 * keeps one kind (string, number, boolean, object, array) across records and landings: a record
 * where it has another is a bad record, but for a number or boolean where the field holds strings,
 * which lands as its JSON text (see {@link JsonKinds}). Raw tables keep fields as landed: a new
 * field is added, a field whose type changes is refused. Raw tables are created with Delta's change
 * data feed, which incremental models read.
 *
 * <p>An input is a file or a directory. A directory lands its files of the input's format (by
 * extension: {@code .jsonl}, {@code .json}, {@code .ndjson}; {@code .csv}; {@code .parquet}) and
 * reports the rest as ignored; it is refused unless its files' top-level field sets nest with each
 * other's and the table's (see {@link FieldSets}), since files that each have a field the other
 * lacks hold two tables' records.
 *
 * <p>Each input is one Delta commit, whose user metadata records the name, SHA-256 and rows of
 * every file it landed (see {@link LandedFiles}). A file whose name and content were landed into
 * the same table before is skipped, so running a landing again lands only what it did not land.
 * When a commit fails, the inputs before it stay landed and the failure names them and the ones not
 * landed.
 *
 * <p>A source with a contract (see {@link #contracts}) has every file checked against it with the
 * other checks, before anything is appended: a breach fails the whole landing, bad-records
 * directory or not, since it is a change of the feed rather than a stray line.
 */
public final class Lander {
  public static final String LOADED_AT = "_loaded_at";
  public static final String SOURCE_FILE = "_source_file";

  /** Properties of a raw table: its change data feed is how incremental models read new rows. */
  public static final Map<String, String> RAW_TABLE_PROPERTIES =
      Map.of("delta.enableChangeDataFeed", "true", "delta.appendOnly", "true");

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Map<TableName, Contract> contracts;

  /** A lander that checks no contract. */
  public Lander(SparkSession spark, Warehouse warehouse) {
    this(spark, warehouse, Map.of());
  }

  private Lander(SparkSession spark, Warehouse warehouse, Map<TableName, Contract> contracts) {
    this.spark = requireNonNull(spark, "spark is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.contracts = contracts;
  }

  /**
   * The same lander, holding every file landed into these sources to their contracts (see {@link
   * SourceSpec#columns}): a file that lacks a declared column, or a value that does not cast to its
   * declared type, fails the landing before anything is appended; fields the contract does not
   * declare land and are reported in {@link LandResult#undeclared}.
   */
  public Lander contracts(Collection<SourceSpec> sources) {
    Map<TableName, Contract> byTable = new HashMap<>();
    sources.stream()
        .filter(SourceSpec::hasContract)
        .forEach(s -> byTable.put(s.table(), new Contract(s.columns())));
    return new Lander(spark, warehouse, Map.copyOf(byTable));
  }

  /** One file or directory to land into one raw table. */
  public record Input(TableName table, String file, InputFormat format) {}

  /** Lands every input; see {@link #land(List, Optional, Instant, Consumer)}. */
  public List<LandResult> land(List<Input> inputs, Optional<Path> badRecords, Instant loadedAt) {
    return land(inputs, badRecords, loadedAt, result -> {});
  }

  /**
   * Lands every input, one Delta commit per input with rows, after all have been read and checked;
   * an input with no rows writes nothing.
   *
   * @param badRecords where malformed lines go; empty: any malformed line fails the landing
   * @param landed told of each input's result as soon as it is committed
   * @throws io.strata.error.StrataException when a commit fails, naming what landed and what not
   */
  public List<LandResult> land(
      List<Input> inputs,
      Optional<Path> badRecords,
      Instant loadedAt,
      Consumer<LandResult> landed) {
    List<Runnable> release = new ArrayList<>();
    try {
      InputReader reader =
          new InputReader(spark, warehouse, badRecords.isPresent(), loadedAt, release, contracts);
      List<PreparedInput> prepared = new ArrayList<>();
      for (Input input : inputs) {
        prepared.add(reader.prepare(input));
      }
      badRecords.ifPresent(dir -> prepared.forEach(p -> writeBadRecords(dir, p)));
      return commit(prepared, landed);
    } finally {
      release.forEach(Runnable::run);
    }
  }

  private List<LandResult> commit(List<PreparedInput> prepared, Consumer<LandResult> landed) {
    List<LandResult> results = new ArrayList<>();
    for (int i = 0; i < prepared.size(); i++) {
      PreparedInput p = prepared.get(i);
      try {
        p.rows().ifPresent(rows -> append(p, rows));
        LandResult result = p.result(warehouse.version(spark, p.input().table()).orElse(-1L));
        results.add(result);
        landed.accept(result);
      } catch (Exception e) { // Spark's AnalysisException is checked
        throw stopped(p.input(), e, results, prepared.subList(i, prepared.size()));
      }
    }
    return results;
  }

  /** Appends in one commit whose user metadata records the files. */
  private void append(PreparedInput p, Dataset<Row> rows) {
    if (p.count() == 0) {
      return;
    }
    spark
        .conf()
        .set(LandedFiles.USER_METADATA, LandedFiles.toJson(p.files(), added(p.input(), rows)));
    try {
      warehouse.append(rows, p.input().table(), List.of(), RAW_TABLE_PROPERTIES);
    } finally {
      spark.conf().unset(LandedFiles.USER_METADATA);
    }
  }

  /** The columns of {@code rows} that the raw table does not have yet; none for a new table. */
  private List<String> added(Input input, Dataset<Row> rows) {
    if (!warehouse.exists(input.table())) {
      return List.of();
    }
    Set<String> existing =
        Arrays.stream(warehouse.read(spark, input.table()).schema().fieldNames())
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    return Arrays.stream(rows.schema().fieldNames())
        .filter(name -> !existing.contains(name.toLowerCase(Locale.ROOT)))
        .toList();
  }

  private static RuntimeException stopped(
      Input failed, Exception e, List<LandResult> done, List<PreparedInput> rest) {
    List<String> landed = new ArrayList<>();
    for (LandResult r : done) {
      landed.add(
          r.rows() > 0
              ? String.format(
                  "%s version %d (%d rows) from '%s'", r.table(), r.version(), r.rows(), r.file())
              : String.format("nothing to land into %s from '%s'", r.table(), r.file()));
    }
    List<String> notLanded = new ArrayList<>();
    for (PreparedInput p : rest) {
      notLanded.add(String.format("%s from '%s'", p.input().table(), p.input().file()));
    }
    return Errors.landingStopped(
        failed.table().toString(), failed.file(), Failures.reason(e), landed, notLanded);
  }

  private static void writeBadRecords(Path dir, PreparedInput prepared) {
    List<BadRecord> all = prepared.bad();
    ObjectMapper json = new ObjectMapper();
    for (String file : all.stream().map(BadRecord::file).distinct().toList()) {
      Path target =
          dir.resolve(prepared.input().table().toString())
              .resolve(new org.apache.hadoop.fs.Path(file).getName() + ".bad.jsonl");
      List<String> lines = new ArrayList<>();
      for (BadRecord bad : all.stream().filter(b -> b.file().equals(file)).toList()) {
        lines.add(
            json.createObjectNode()
                .put("file", bad.file())
                .put("line", bad.line())
                .put("error", bad.error())
                .put("record", bad.record())
                .toString());
      }
      try {
        Files.createDirectories(target.getParent());
        Files.write(target, lines, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw Errors.unreadableInput(
            target.toString(), "cannot write bad records: " + e.getMessage());
      }
    }
  }
}
