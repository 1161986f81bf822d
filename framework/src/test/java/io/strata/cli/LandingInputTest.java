package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.model.TableName;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A landing reads exactly what it is given: one JSON object per line, nothing after it, each field
 * of one JSON kind; a directory's files only when they hold one table's records; a file once.
 */
class LandingInputTest {
  @TempDir Path dir;

  private Outcome run(String... args) {
    return TestingCli.run(dir, EventsProject.class, args);
  }

  private Path file() throws IOException {
    Path file = dir.resolve("events.jsonl");
    String a1 = EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z");
    String a2 = EventsFixture.event("a2", 2, "2026-03-09T00:00:00Z");
    String a3 = EventsFixture.event("a3", 3, "2026-03-09T00:00:00Z");
    Files.writeString(file, String.join("\n", a1, a2 + " " + a3, a3 + " garbage") + "\n");
    return file;
  }

  @Test
  void aLineWithTwoObjectsOrTextAfterItsObjectIsABadRecordAndNothingLands() throws IOException {
    TestingSpark.session();
    Path file = file();

    Outcome land = run("land", "raw.events=" + file);

    assertThat(land.exitCode()).isEqualTo(4);
    assertThat(land.err()).contains("Malformed record in '" + file + "' at line 2");
    assertThat(
            DeltaWarehouses.atPath(dir.resolve("warehouse").toString()).exists(EventsFixture.RAW))
        .isFalse();
  }

  @Test
  void setAsideTheyLeaveOnlyTheWholeLines() throws IOException {
    TestingSpark.session();
    Path file = file();

    Outcome land =
        run("land", "raw.events=" + file, "--bad-records", dir.resolve("bad").toString());

    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out()).contains("Landed 1 rows into raw.events", "2 bad records set aside");
  }

  @Test
  void aRawTableNotLandedYetNamesTheLandingThatFillsIt() throws IOException {
    TestingSpark.session();
    Files.createDirectories(dir.resolve("warehouse"));

    Outcome query = run("query", "SELECT * FROM raw.events");

    assertThat(query.exitCode()).isEqualTo(4);
    assertThat(query.err())
        .contains("Land data into it first: strata land raw.events=FILE.jsonl")
        .doesNotContain("strata build");
  }

  @Test
  void anEmptyFileLandsNothingAndWritesNoFile() throws IOException {
    TestingSpark.session();
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));

    Outcome land = run("land", "raw.events=" + empty);

    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out()).contains("Nothing landed into raw.events from " + empty);
    assertThat(dir.resolve("warehouse/raw/events")).doesNotExist();
  }

  private static final TableName ORDERS = TableName.parse("raw.orders");

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private boolean landed(TableName table) {
    return DeltaWarehouses.atPath(dir.resolve("warehouse").toString()).exists(table);
  }

  private Dataset<Row> read(TableName table) {
    return DeltaWarehouses.atPath(dir.resolve("warehouse").toString())
        .read(TestingSpark.session(), table);
  }

  @Test
  void aDirectoryOfSeveralTablesFilesIsRefusedNamingTheFilesAndNothingLands() throws IOException {
    TestingSpark.session();
    Path exports = dir.resolve("exports");
    write("exports/orders.jsonl", "{\"orderId\":\"o1\",\"customerId\":\"c1\",\"amount\":5}");
    write("exports/customers.jsonl", "{\"customerId\":\"c1\",\"name\":\"Ada\"}");
    write("exports/payments.jsonl", "{\"paymentId\":\"p1\",\"orderId\":\"o1\",\"amount\":5}");

    Outcome land = run("land", "raw.orders=" + exports, "--format", "json");

    assertThat(land.exitCode()).isEqualTo(4);
    assertThat(land.err())
        .contains("Cannot land directory '" + exports + "' into raw.orders")
        .contains(exports + "/customers.jsonl", exports + "/orders.jsonl")
        .contains("Land each file into its own table");
    assertThat(landed(ORDERS)).isFalse();
  }

  @Test
  void aDirectoryOfOneTablesFilesLandsThoseOfTheFormatInOneCommitAndReportsTheRest()
      throws IOException {
    TestingSpark.session();
    Path inbox = dir.resolve("inbox");
    write("inbox/day1.jsonl", "{\"orderId\":\"o1\",\"amount\":5}");
    write("inbox/day2.json", "{\"orderId\":\"o2\",\"amount\":6,\"channel\":\"web\"}");
    write("inbox/notes.txt", "not orders");

    Outcome land = run("land", "raw.orders=" + inbox, "--format", "json");

    assertThat(land.exitCode()).as(land.err()).isZero();
    assertThat(land.out())
        .contains("Ignored " + inbox + "/notes.txt")
        .contains("Landed 2 rows into raw.orders (version 1) from " + inbox);
    assertThat(Tables.lines(read(ORDERS), "orderId", "amount", "channel", "_source_file"))
        .containsExactly("o1|5|null|" + inbox + "/day1.jsonl", "o2|6|web|" + inbox + "/day2.json");
  }

  @Test
  void aFieldOfAnotherJsonKindThanTheOtherRecordsIsABadRecordAndNothingLands() throws IOException {
    TestingSpark.session();
    Path file =
        write(
            "orders.jsonl",
            "{\"orderId\":\"o1\",\"amount\":\"5\"}",
            "{\"orderId\":\"o2\",\"amount\":6}",
            "{\"orderId\":\"o3\",\"amount\":{\"v\":1}}");

    Outcome land = run("land", "raw.orders=" + file);

    assertThat(land.exitCode()).isEqualTo(4);
    assertThat(land.err())
        .contains(
            "Malformed record in '"
                + file
                + "' at line 3: field 'amount' is an object where the other records hold a"
                + " string. Nothing was landed.");
    assertThat(landed(ORDERS)).isFalse();

    Path bad = dir.resolve("bad");
    Outcome aside = run("land", "raw.orders=" + file, "--bad-records", bad.toString());

    assertThat(aside.exitCode()).as(aside.err()).isZero();
    assertThat(aside.out()).contains("Landed 2 rows into raw.orders", "1 bad records set aside");
    assertThat(Tables.lines(read(ORDERS), "orderId", "amount")).containsExactly("o1|5", "o2|6");
    assertThat(bad.resolve("raw.orders/orders.jsonl.bad.jsonl"))
        .content()
        .contains("\"line\":3", "is an object where");
  }

  @Test
  void aFieldOfAnotherJsonKindThanTheRawTablesIsABadRecordButANumberLandsAsText()
      throws IOException {
    TestingSpark.session();
    assertThat(
            run("land", "raw.orders=" + write("d1.jsonl", "{\"id\":\"o1\",\"amount\":\"5\"}"))
                .exitCode())
        .isZero();
    Path object = write("d2.jsonl", "{\"id\":\"o2\",\"amount\":{\"v\":1}}");

    Outcome refused = run("land", "raw.orders=" + object);
    Outcome number =
        run("land", "raw.orders=" + write("d3.jsonl", "{\"id\":\"o3\",\"amount\":7.50}"));

    assertThat(refused.exitCode()).isEqualTo(4);
    assertThat(refused.err())
        .contains(
            "Malformed record in '"
                + object
                + "' at line 1: field 'amount' is an object where raw.orders holds a string.");
    assertThat(number.exitCode()).as(number.err()).isZero();
    assertThat(Tables.lines(read(ORDERS), "id", "amount")).containsExactly("o1|5", "o3|7.50");
  }

  @Test
  void theSameFileLandedAgainIsSkippedAndLandsNothing() throws IOException {
    TestingSpark.session();
    Path file = write("orders.jsonl", "{\"id\":\"o1\"}", "{\"id\":\"o2\"}");
    assertThat(run("land", "raw.orders=" + file).exitCode()).isZero();

    Outcome again = run("land", "raw.orders=" + file);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .startsWith(
            "Skipped "
                + file
                + ": already landed into raw.orders at version 1 (same name and content, sha256 ")
        .contains("nothing landed")
        .doesNotContain("Landed");
    assertThat(read(ORDERS).count()).isEqualTo(2);
  }

  @Test
  void aCommitFailingAtTheThirdTableNamesWhatLandedInOneLineAndARerunLandsTheRest()
      throws IOException {
    TestingSpark.session();
    List<String> args = new java.util.ArrayList<>(List.of("land"));
    for (String table : List.of("orders", "customers", "payments")) {
      args.add("raw." + table + "=" + write(table + ".jsonl", "{\"id\":\"1\"}", "{\"id\":\"2\"}"));
    }
    Path blocked = dir.resolve("warehouse/raw/payments");
    write("warehouse/raw/payments", "a file where the table's directory goes");

    Outcome failed = run(args.toArray(String[]::new));

    assertThat(failed.exitCode()).isEqualTo(5);
    assertThat(failed.out())
        .contains("Landed 2 rows into raw.orders (version 1)")
        .contains("Landed 2 rows into raw.customers (version 1)")
        .doesNotContain("raw.payments");
    assertThat(failed.err().strip().lines())
        .singleElement()
        .asString()
        .startsWith("Error: Landing into raw.payments from '" + dir.resolve("payments.jsonl"))
        .contains("Landed: raw.orders version 1 (2 rows)", "Not landed: raw.payments");
    assertThat(read(ORDERS).count()).isEqualTo(2);
    assertThat(read(TableName.parse("raw.customers")).count()).isEqualTo(2);

    Files.delete(blocked);
    Outcome rerun = run(args.toArray(String[]::new));

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out())
        .contains("Skipped " + dir.resolve("orders.jsonl") + ": already landed")
        .contains("Landed 2 rows into raw.payments (version 1)");
    assertThat(read(ORDERS).count()).isEqualTo(2);
    assertThat(read(TableName.parse("raw.payments")).count()).isEqualTo(2);
  }
}
