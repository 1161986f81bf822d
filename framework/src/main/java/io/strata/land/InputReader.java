package io.strata.land;

import io.strata.error.Errors;
import io.strata.land.JsonKinds.Expected;
import io.strata.land.JsonKinds.Kind;
import io.strata.land.JsonKinds.Tally;
import io.strata.land.LandResult.Skipped;
import io.strata.land.LandedFiles.Earlier;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads and checks the inputs of one landing, in order. It remembers, per table, the fields the
 * table has with the earlier inputs' added, and the files landed before or earlier in this landing.
 */
final class InputReader {
  /** Orders records of a directory's files: file index above, line index below. */
  private static final int FILE_ORDER_SHIFT = 40;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final boolean keepBad;
  private final Instant loadedAt;
  private final List<Runnable> release;
  private final Map<TableName, Map<String, DataType>> shapes = new HashMap<>();
  private final Map<TableName, Map<String, Earlier>> landed = new HashMap<>();
  private final Map<TableName, Contract> contracts;

  /**
   * @param keepBad whether bad records are set aside; else the first fails the landing
   * @param release where what is cached goes to be released after the landing
   * @param contracts the contracts of the raw tables that have one
   */
  InputReader(
      SparkSession spark,
      Warehouse warehouse,
      boolean keepBad,
      Instant loadedAt,
      List<Runnable> release,
      Map<TableName, Contract> contracts) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.keepBad = keepBad;
    this.loadedAt = loadedAt;
    this.release = release;
    this.contracts = contracts;
  }

  PreparedInput prepare(Lander.Input input) {
    SourceFiles.Listing listing = SourceFiles.list(spark, input.file(), input.format());
    Map<String, Earlier> before =
        landed.computeIfAbsent(input.table(), t -> LandedFiles.of(spark, warehouse, t));
    Map<String, String> fresh = new LinkedHashMap<>();
    List<Skipped> skipped = new ArrayList<>();
    for (String file : listing.files()) {
      LandedFiles.File candidate = new LandedFiles.File(file, SourceFiles.sha256(spark, file), 0);
      Earlier earlier = before.get(candidate.key());
      if (earlier == null) {
        fresh.put(file, candidate.sha256());
        before.put(candidate.key(), new Earlier(-1, file));
      } else {
        skipped.add(new Skipped(file, earlier.version(), earlier.path(), candidate.sha256()));
      }
    }
    if (fresh.isEmpty()) {
      return new PreparedInput(
          input, Optional.empty(), List.of(), List.of(), skipped, listing.ignored(), List.of());
    }
    Parsed parsed = parse(input, List.copyOf(fresh.keySet()));
    if (!parsed.bad().isEmpty() && !keepBad) {
      BadRecord first = parsed.bad().get(0);
      throw Errors.malformedRecord(first.file(), first.line(), first.error());
    }
    if (listing.directory()) {
      FieldSets.requireOneTable(
          input.file(), input.table(), fieldsOf(parsed.rows()), tableFields(input.table()));
    }
    Contract contract = contracts.get(input.table());
    if (contract != null) {
      FileContracts.require(input.table(), parsed.rows(), parsed.scans(), contract);
    }
    return loaded(input, parsed, fresh, skipped, listing.ignored());
  }

  private PreparedInput loaded(
      Lander.Input input,
      Parsed parsed,
      Map<String, String> sha256,
      List<Skipped> skipped,
      List<String> ignored) {
    List<LandedFiles.File> files = new ArrayList<>();
    Dataset<Row> all = null;
    for (Map.Entry<String, Dataset<Row>> file : parsed.rows().entrySet()) {
      Dataset<Row> rows =
          conformToTable(input.table(), file.getValue(), file.getKey())
              .withColumn(Lander.LOADED_AT, functions.lit(Timestamp.from(loadedAt)))
              .withColumn(Lander.SOURCE_FILE, functions.lit(file.getKey()))
              .cache();
      release.add(rows::unpersist);
      files.add(new LandedFiles.File(file.getKey(), sha256.get(file.getKey()), rows.count()));
      extendShape(input.table(), rows);
      all = all == null ? rows : all.unionByName(rows, true);
    }
    return new PreparedInput(
        input,
        Optional.of(all),
        files,
        parsed.bad(),
        skipped,
        ignored,
        FileContracts.undeclared(contracts.get(input.table()), parsed.rows().values()));
  }

  /**
   * Each file's rows, by file, the bad records of all, file by file, and how each file is checked
   * against a contract.
   */
  private record Parsed(
      Map<String, Dataset<Row>> rows, List<BadRecord> bad, Map<String, FileContracts.Scan> scans) {}

  private Parsed parse(Lander.Input input, List<String> files) {
    return switch (input.format()) {
      case JSON -> parseJson(input.table(), files);
      case CSV -> parseCsv(files);
      case PARQUET -> parseParquet(files);
    };
  }

  /**
   * Checks the kinds of the fields across all the files first (see {@link JsonKinds}), then each
   * file's records against them.
   */
  private Parsed parseJson(TableName table, List<String> files) {
    List<TextInput> texts = new ArrayList<>();
    Tally tally = new Tally();
    for (int i = 0; i < files.size(); i++) {
      TextInput text = TextInput.open(spark, files.get(i), true, release);
      texts.add(text);
      tally.plus(text.tally((long) i << FILE_ORDER_SHIFT));
    }
    Map<String, Expected> expected = JsonKinds.expected(tally, shape(table), table.toString());
    Set<String> strings =
        expected.entrySet().stream()
            .filter(e -> e.getValue().kind() == Kind.STRING)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
    Map<String, FileContracts.Scan> scans = new HashMap<>();
    List<BadRecord> bad = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      List<BadRecord> fileBad = texts.get(i).bad(expected);
      bad.addAll(fileBad);
      rows.put(files.get(i), texts.get(i).rows(fileBad, strings));
      scans.put(files.get(i), FileContracts.text(texts.get(i), fileBad));
    }
    return new Parsed(rows, List.copyOf(bad), scans);
  }

  private Parsed parseCsv(List<String> files) {
    Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
    Map<String, FileContracts.Scan> scans = new HashMap<>();
    List<BadRecord> bad = new ArrayList<>();
    for (String file : files) {
      TextInput text = TextInput.open(spark, file, false, release);
      List<BadRecord> fileBad = text.bad(Map.of());
      bad.addAll(fileBad);
      rows.put(file, text.rows(fileBad, Set.of()));
      scans.put(file, FileContracts.text(text, fileBad));
    }
    return new Parsed(rows, List.copyOf(bad), scans);
  }

  private Parsed parseParquet(List<String> files) {
    Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
    Map<String, FileContracts.Scan> scans = new HashMap<>();
    for (String file : files) {
      try {
        Dataset<Row> read = spark.read().parquet(file);
        read.schema();
        rows.put(file, read);
        scans.put(file, FileContracts.parquet(file, read));
      } catch (RuntimeException e) {
        throw Errors.unreadableInput(file, "not a readable Parquet file: " + e.getMessage());
      }
    }
    return new Parsed(rows, List.of(), scans);
  }

  private static Map<String, Set<String>> fieldsOf(Map<String, Dataset<Row>> rows) {
    Map<String, Set<String>> fields = new LinkedHashMap<>();
    rows.forEach((file, data) -> fields.put(file, new TreeSet<>(List.of(data.columns()))));
    return fields;
  }

  /** The table's fields, with the earlier inputs' of this landing; without the load columns. */
  private Set<String> tableFields(TableName table) {
    Set<String> fields = new TreeSet<>(shape(table).keySet());
    fields.remove(Lander.LOADED_AT);
    fields.remove(Lander.SOURCE_FILE);
    return fields;
  }

  private Map<String, DataType> shape(TableName table) {
    return shapes.computeIfAbsent(
        table,
        t -> {
          Map<String, DataType> fields = new HashMap<>();
          if (warehouse.exists(t)) {
            for (StructField field : warehouse.read(spark, t).schema().fields()) {
              fields.put(field.name(), field.dataType());
            }
          }
          return fields;
        });
  }

  private void extendShape(TableName table, Dataset<Row> rows) {
    Map<String, DataType> shape = shape(table);
    for (StructField field : rows.schema().fields()) {
      shape.putIfAbsent(field.name(), field.dataType());
    }
  }

  /**
   * Keeps the table's types: a field the file holds only nulls in takes the table's type, a whole
   * number goes into a floating-point field; any other change of type is refused. New fields are
   * kept and added to the table on append.
   */
  private Dataset<Row> conformToTable(TableName table, Dataset<Row> rows, String file) {
    Map<String, DataType> existing = shape(table);
    Dataset<Row> result = rows;
    for (StructField field : rows.schema().fields()) {
      DataType tableType = existing.get(field.name());
      if (tableType == null || tableType.sameType(field.dataType())) {
        continue;
      }
      boolean allNull = rows.where(functions.col(field.name()).isNotNull()).isEmpty();
      boolean widening =
          tableType.sameType(DataTypes.DoubleType) && field.dataType().sameType(DataTypes.LongType);
      if (!allNull && !widening) {
        throw Errors.retypedRawField(
            table.toString(),
            field.name(),
            tableType.simpleString(),
            field.dataType().simpleString(),
            file);
      }
      result = result.withColumn(field.name(), functions.col(field.name()).cast(tableType));
    }
    return result;
  }
}
