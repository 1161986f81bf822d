package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.land.SourceContracts;
import io.strata.model.SourceSpec;
import io.strata.model.TableName;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingProject;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's contract on {@code strata land}: a file lacking a declared column, or with a value
 * that does not cast to its declared type, exits 4 naming the file, line, column, expectation and
 * value, and leaves every raw table's Delta version as it was; an undeclared column lands and is
 * reported.
 */
class SourceContractTest {
  private static final TableName ORDERS = TableName.parse("raw.orders");
  private static final TableName OTHER = TableName.parse("raw.other");
  private static final String GOOD_1 =
      "{\"orderId\":\"O1\",\"amount\":\"19.99\",\"qty\":2,\"isTest\":\"false\","
          + "\"signupDate\":\"2026-03-01\",\"createdAt\":\"2026-03-01T12:15:00+02:00\","
          + "\"score\":0.5}";
  private static final String GOOD_2 =
      "{\"orderId\":\"O2\",\"amount\":20,\"qty\":\"3\",\"isTest\":true,\"signupDate\":\" \","
          + "\"createdAt\":\"2026-03-02T00:00:00Z\",\"score\":\"1e3\"}";
  private static final String HEADER = "orderId,amount,qty,isTest,signupDate,createdAt,score";
  private static final String CSV_GOOD = "O3,7.5,1, no ,2026-03-03,2026-03-03T10:00:00-05:00,2";

  @TempDir static Path dir;

  /** The orders feed's contract, and a source without one. */
  public static final class ContractProject extends TestingProject {
    public ContractProject() {
      source(
          SourceSpec.of("raw.orders", "orders")
              .requiredColumn("orderId", "string")
              .column("amount", "decimal(10,2)")
              .column("qty", "bigint")
              .column("isTest", "boolean")
              .column("signupDate", "date")
              .column("createdAt", "timestamp")
              .column("score", "double"));
      source("raw.other");
    }
  }

  @BeforeAll
  static void landAConformingFile() throws IOException {
    TestingSpark.session();
    Outcome land = run("land", "raw.orders=" + write("good.jsonl", GOOD_1, GOOD_2));
    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out()).contains("Landed 2 rows into raw.orders");
    assertThat(land.out()).doesNotContain("Undeclared");
  }

  private static Outcome run(String... args) {
    return TestingCli.run(dir, ContractProject.class, args);
  }

  private static Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve("in").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static Warehouse warehouse() {
    return DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
  }

  private static Optional<Long> version(TableName table) {
    return warehouse().version(TestingSpark.session(), table);
  }

  /** Lands the inputs, expecting a refusal naming these parts, and no new version anywhere. */
  private static void refused(List<String> inputs, String... parts) {
    Optional<Long> orders = version(ORDERS);
    Outcome land = run(inputs.toArray(String[]::new));
    assertThat(land.exitCode()).as(land.out() + land.err()).isEqualTo(4);
    assertThat(land.err()).contains(parts).contains("Nothing was landed");
    assertThat(version(ORDERS)).isEqualTo(orders);
    assertThat(version(OTHER)).isEmpty();
  }

  private static void refusedJson(String column, String expected, String found, String badLine)
      throws IOException {
    Path file = write(column + ".jsonl", GOOD_1.replace("O1", "X1"), badLine);
    refused(
        List.of("land", "raw.orders=" + file),
        "'" + file + "' breaks the contract of raw.orders at line 2, column '" + column + "'",
        "expected " + expected,
        "found " + found);
  }

  @Test
  void aValueThatDoesNotCastToItsDeclaredTypeIsRefusedInJsonLines() throws IOException {
    refusedJson("qty", "bigint (a whole number", "12.5", GOOD_2.replace("\"3\"", "12.5"));
    refusedJson(
        "amount",
        "decimal(10,2) (a number with at most 8 digits before the point and 2 after)",
        "\"19.999\"",
        GOOD_2.replace("\"amount\":20", "\"amount\":\"19.999\""));
    refusedJson(
        "isTest",
        "boolean (true or false, yes or no",
        "\"maybe\"",
        GOOD_2.replace("true", "\"maybe\""));
    refusedJson(
        "signupDate",
        "date (a date as yyyy-MM-dd)",
        "\"2026/03/02\"",
        GOOD_2.replace("\" \"", "\"2026/03/02\""));
    refusedJson(
        "createdAt",
        "timestamp (an ISO-8601 time with a zone offset or Z",
        "\"2026-03-02T00:00:00\"",
        GOOD_2.replace("00:00:00Z", "00:00:00"));
    refusedJson("score", "double (a decimal number)", "\"high\"", GOOD_2.replace("1e3", "high"));
    refusedJson("orderId", "string (a value, required)", "null", GOOD_2.replace("\"O2\"", "null"));
  }

  @Test
  void aFileLackingADeclaredColumnIsRefused() throws IOException {
    Path json = write("noamount.jsonl", GOOD_1.replace("\"amount\":\"19.99\",", ""));
    refused(
        List.of("land", "raw.orders=" + json),
        "'"
            + json
            + "' breaks the contract of raw.orders at every record, from line 1, column"
            + " 'amount'",
        "expected decimal(10,2)",
        "found no such field (the file has [createdAt, isTest, orderId, qty, score, signupDate])");
    Path csv = write("noscore.csv", HEADER.replace(",score", ""), "O3,7.5,1,false,,");
    refused(
        List.of("land", "raw.orders=" + csv),
        "'" + csv + "' breaks the contract of raw.orders at its header, line 1, column 'score'",
        "expected double",
        "found no such field");
  }

  @Test
  void csvValuesAreCheckedLineByLine() throws IOException {
    Path decimal = write("amount.csv", HEADER, CSV_GOOD, CSV_GOOD.replace("7.5", "7.5.1"));
    refused(
        List.of("land", "raw.orders=" + decimal),
        "'" + decimal + "' breaks the contract of raw.orders at line 3, column 'amount'",
        "expected decimal(10,2)",
        "found \"7.5.1\"");
    Path required = write("id.csv", HEADER, CSV_GOOD.replace("O3", ""), CSV_GOOD);
    refused(
        List.of("land", "raw.orders=" + required),
        "at line 2, column 'orderId'",
        "expected string (a value, required)",
        "found an empty field");
    Path time = write("time.csv", HEADER, CSV_GOOD.replace("-05:00", ""));
    refused(
        List.of("land", "raw.orders=" + time),
        "at line 2, column 'createdAt'",
        "found \"2026-03-03T10:00:00\"");
  }

  @Test
  void oneBadFileOfADirectoryOrOfAMultiTableLandingLandsNothing() throws IOException {
    Path inbox = dir.resolve("inbox");
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve("a.jsonl"), GOOD_1.replace("O1", "A1") + "\n");
    Files.writeString(
        inbox.resolve("b.jsonl"),
        GOOD_1.replace("O1", "B1") + "\n" + GOOD_2.replace("\"3\"", "\"three\"") + "\n");
    Path other = write("other.jsonl", "{\"id\":1}");
    refused(
        List.of("land", "raw.other=" + other, "raw.orders=" + inbox, "--format", "json"),
        "'"
            + inbox.resolve("b.jsonl")
            + "' breaks the contract of raw.orders at line 2, column"
            + " 'qty'",
        "found \"three\"");
  }

  @Test
  void aParquetFileIsCheckedByColumnTypeAndStringValues() {
    Path parquet = dir.resolve("parquet");
    StructType schema =
        new StructType()
            .add("orderId", DataTypes.StringType)
            .add("amount", DataTypes.StringType)
            .add("qty", DataTypes.IntegerType)
            .add("isTest", DataTypes.BooleanType)
            .add("signupDate", DataTypes.DateType)
            .add("createdAt", DataTypes.StringType)
            .add("score", DataTypes.DoubleType);
    TestingSpark.session()
        .createDataFrame(
            List.of(
                RowFactory.create("P1", "1.50", 1, false, null, "2026-03-01T00:00:00Z", 1.0),
                RowFactory.create("P2", "1.505", 1, false, null, "2026-03-01T00:00:00Z", 1.0)),
            schema)
        .coalesce(1)
        .write()
        .parquet(parquet.toString());
    refused(
        List.of("land", "raw.orders=" + parquet, "--format", "parquet"),
        "breaks the contract of raw.orders at row 2, column 'amount'",
        "found \"1.505\"");
  }

  @Test
  void anUndeclaredColumnLandsAndIsReported() throws IOException {
    Path file =
        write("coupon.jsonl", GOOD_1.replace("O1", "C1").replace("}", ",\"coupon\":\"X\"}"));
    long before = version(ORDERS).orElseThrow();

    Outcome land = run("land", "raw.orders=" + file);

    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out())
        .contains("Landed 1 rows into raw.orders (version " + (before + 1) + ")")
        .contains(
            "Undeclared columns in raw.orders from "
                + file
                + ": coupon; landed, but not in the source's contract");
    assertThat(
            SourceContracts.undeclared(
                TestingSpark.session(), warehouse(), new ContractProject().sources().get(0)))
        .containsExactly("coupon");
  }
}
