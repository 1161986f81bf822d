package io.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.DemoData;
import io.strata.jobs.DemoData.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The generator is deterministic, messy as promised, and produced the bundled samples. */
class DemoDataTest {
  @Test
  void sameSeedGivesSameRecords() {
    assertThat(DemoData.generate(3, 10, 5).batches())
        .isEqualTo(DemoData.generate(3, 10, 5).batches());
    assertThat(DemoData.generate(3, 10, 5).batches())
        .isNotEqualTo(DemoData.generate(3, 10, 6).batches());
  }

  @Test
  void feedsHoldTheMessRealFeedsHave() {
    List<Batch> batches = DemoData.generate(4, 40, 42).batches();
    List<DemoData.Order> orders = batches.stream().flatMap(b -> b.orders().stream()).toList();
    List<DemoData.Payment> payments = batches.stream().flatMap(b -> b.payments().stream()).toList();

    assertThat(batches.stream().anyMatch(b -> hasDuplicates(b.orders(), o -> o))).isTrue();
    assertThat(hasDuplicates(payments, DemoData.Payment::id)).isTrue();
    assertThat(orders).anyMatch(o -> Expected.isTest(o.isTest()) && !o.isTest().equals("true"));
    assertThat(orders).anyMatch(o -> !o.orderStatus().equals(o.orderStatus().trim()));
    assertThat(orders).anyMatch(o -> Expected.status(o).equals("cancelled"));
    assertThat(orders).anyMatch(o -> Expected.status(o).equals("delivered"));
    assertThat(orders).anyMatch(o -> o.updatedAt().endsWith("Z"));
    assertThat(orders).anyMatch(o -> o.updatedAt().endsWith("+05:30"));
    assertThat(payments).anyMatch(p -> p.type().equals("charge.refunded"));
    assertThat(payments).anyMatch(p -> p.type().equals("charge.failed"));
    // A correction: same order and updatedAt, another amount, in a later batch.
    assertThat(orders)
        .anyMatch(
            a ->
                orders.stream()
                    .anyMatch(
                        b ->
                            a.orderId().equals(b.orderId())
                                && a.updatedAt().equals(b.updatedAt())
                                && Expected.cents(a.amount()) != Expected.cents(b.amount())));
  }

  @Test
  void bundledSamplesAreTheGeneratorsOutput() throws IOException {
    // Regenerate with: java -cp ... io.strata.jobs.JobsMain generate --days 4 --rows 40
    //   --seed 42 --out jobs/src/main/resources/demo
    for (Batch batch : DemoData.generate(4, 40, 42).batches()) {
      assertThat(resource(batch, "orders"))
          .isEqualTo(DemoData.render(batch.orders().stream().map(DemoData.Order::json).toList()));
      assertThat(resource(batch, "customers"))
          .isEqualTo(
              DemoData.render(batch.customers().stream().map(DemoData.Customer::json).toList()));
      assertThat(resource(batch, "payments"))
          .isEqualTo(
              DemoData.render(batch.payments().stream().map(DemoData.Payment::json).toList()));
    }
  }

  private static String resource(Batch batch, String feed) throws IOException {
    String name = "demo/" + batch.dirName() + "/" + feed + ".jsonl";
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static <T> boolean hasDuplicates(List<T> items, Function<T, Object> key) {
    Set<Object> seen = new HashSet<>();
    return items.stream().map(key).anyMatch(k -> !seen.add(k));
  }
}
