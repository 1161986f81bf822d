package io.strata.land;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.delta.DeltaWarehouses;
import io.strata.error.StrataException;
import io.strata.model.TableName;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanderTest {
  private static final TableName ORDERS = TableName.parse("raw.orders");
  private static final Instant NOW = Instant.parse("2026-03-10T06:00:00Z");

  @TempDir Path dir;

  private Warehouse warehouse() {
    return DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
  }

  private List<LandResult> land(String name, String content, InputFormat format)
      throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return new Lander(TestingSpark.session(), warehouse())
        .land(List.of(new Lander.Input(ORDERS, file.toString(), format)), Optional.empty(), NOW);
  }

  @Test
  void landsCsvAsStringsWithLoadColumns() throws IOException {
    List<LandResult> results =
        land("orders.csv", "orderId,amount\n1,\"19.99\"\n2,\"1,000\"\n", InputFormat.CSV);

    assertThat(results).singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(2));
    assertThat(
            Tables.lines(
                warehouse().read(TestingSpark.session(), ORDERS),
                "orderId",
                "amount",
                "cast(_loaded_at as string)",
                "_source_file like '%orders.csv'"))
        .containsExactly("1|19.99|2026-03-10 06:00:00|true", "2|1,000|2026-03-10 06:00:00|true");
    assertThat(
            warehouse()
                .read(TestingSpark.session(), ORDERS)
                .schema()
                .apply("amount")
                .dataType()
                .typeName())
        .isEqualTo("string");
  }

  @Test
  void csvLineWithWrongFieldCountIsReportedWithItsLine() {
    assertThatThrownBy(() -> land("orders.csv", "orderId,amount\n1,2\n3\n", InputFormat.CSV))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.exitCode()).isEqualTo(4))
        .hasMessageContaining("at line 3: expected 2 fields as in the header, found 1");
  }

  @Test
  void laterFileAddsNewFieldsAndRefusesRetypedOnes() throws IOException {
    land("day1.jsonl", "{\"orderId\":\"1\",\"amount\":5}\n", InputFormat.JSON);
    land("day2.jsonl", "{\"orderId\":\"2\",\"amount\":6,\"channel\":\"web\"}\n", InputFormat.JSON);

    assertThat(
            Tables.lines(
                warehouse().read(TestingSpark.session(), ORDERS), "orderId", "amount", "channel"))
        .containsExactly("1|5|null", "2|6|web");

    assertThatThrownBy(
            () ->
                land("day3.jsonl", "{\"orderId\":\"3\",\"amount\":\"seven\"}\n", InputFormat.JSON))
        .hasMessageContaining(
            "at line 1: field 'amount' is a string where raw.orders holds a number");
    assertThat(warehouse().read(TestingSpark.session(), ORDERS).count()).isEqualTo(2);
  }

  @Test
  void formatComesFromTheExtensionUnlessGiven() {
    assertThat(InputFormat.of("a/b.ndjson", Optional.empty())).isEqualTo(InputFormat.JSON);
    assertThat(InputFormat.of("a/b.txt", Optional.of("csv"))).isEqualTo(InputFormat.CSV);
    assertThatThrownBy(() -> InputFormat.of("a/b.txt", Optional.empty()))
        .hasMessageContaining("pass --format");
  }

  private static final TableName CUSTOMERS = TableName.parse("raw.customers");
  private static final TableName PAYMENTS = TableName.parse("raw.payments");

  private List<Lander.Input> threeTables() throws IOException {
    List<Lander.Input> inputs = new java.util.ArrayList<>();
    for (TableName table : List.of(ORDERS, CUSTOMERS, PAYMENTS)) {
      Path file = dir.resolve(table.table() + ".jsonl");
      Files.writeString(file, "{\"id\":\"1\"}\n{\"id\":\"2\"}\n");
      inputs.add(new Lander.Input(table, file.toString(), InputFormat.JSON));
    }
    return inputs;
  }

  private long rows(TableName table) {
    return warehouse().exists(table) ? warehouse().read(TestingSpark.session(), table).count() : 0;
  }

  @Test
  void aFullDiskAtTheThirdTableSaysSoNamesWhatLandedAndARerunLandsOnlyTheRest() throws IOException {
    List<Lander.Input> inputs = threeTables();
    List<LandResult> reported = new java.util.ArrayList<>();

    assertThatThrownBy(
            () ->
                new Lander(TestingSpark.session(), new FullDiskWarehouse(warehouse(), 3))
                    .land(inputs, Optional.empty(), NOW, reported::add))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.exitCode()).isEqualTo(5))
        .hasMessageStartingWith(
            "Landing into raw.payments from '"
                + inputs.get(2).file()
                + "' failed: the disk is full (No space left on device). Landed: raw.orders"
                + " version 1 (2 rows) from '"
                + inputs.get(0).file()
                + "'; raw.customers version 1 (2 rows) from '"
                + inputs.get(1).file()
                + "'. Not landed: raw.payments from '")
        .message()
        .doesNotContain("\n");
    assertThat(reported).extracting(LandResult::table).containsExactly(ORDERS, CUSTOMERS);
    assertThat(List.of(rows(ORDERS), rows(CUSTOMERS), rows(PAYMENTS))).containsExactly(2L, 2L, 0L);

    List<LandResult> rerun =
        new Lander(TestingSpark.session(), warehouse()).land(inputs, Optional.empty(), NOW);

    assertThat(rerun).extracting(LandResult::rows).containsExactly(0L, 0L, 2L);
    assertThat(rerun.get(0).skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.version()).isEqualTo(1));
    assertThat(List.of(rows(ORDERS), rows(CUSTOMERS), rows(PAYMENTS))).containsExactly(2L, 2L, 2L);
  }

  @Test
  void aFileWithTheSameNameButOtherContentLandsAgainAndTheSameContentDoesNot() throws IOException {
    land("day.jsonl", "{\"orderId\":\"1\"}\n", InputFormat.JSON);
    List<LandResult> again = land("day.jsonl", "{\"orderId\":\"1\"}\n", InputFormat.JSON);
    List<LandResult> changed =
        land("day.jsonl", "{\"orderId\":\"1\"}\n{\"orderId\":\"2\"}\n", InputFormat.JSON);

    assertThat(again.get(0).rows()).isZero();
    assertThat(again.get(0).skipped()).hasSize(1);
    assertThat(changed.get(0).rows()).isEqualTo(2);
    assertThat(
            Tables.lines(warehouse().read(TestingSpark.session(), ORDERS), "orderId", "_loaded_at"))
        .hasSize(3);
  }
}
