package io.strata.pipeline;

import io.strata.jobs.DemoData;
import io.strata.jobs.DemoData.Batch;
import io.strata.jobs.DemoData.Customer;
import io.strata.jobs.DemoData.Order;
import io.strata.jobs.DemoData.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The marts computed in plain Java from the generator's records, independently of Spark. */
final class Expected {
  /** Columns of fct_orders as compared: timestamps as epoch seconds, the date as text. */
  static final String[] FCT_COLUMNS = {
    "order_id",
    "customer_id",
    "status",
    "amount_cents",
    "unix_seconds(created_at)",
    "unix_seconds(updated_at)",
    "cast(order_date AS string)",
    "unix_seconds(_loaded_at)"
  };

  static final String[] DIM_COLUMNS = {
    "customer_id",
    "full_name",
    "email",
    "country",
    "cast(signup_date AS string)",
    "order_count",
    "lifetime_value_cents",
    "total_paid_cents"
  };

  private record Versioned<T>(T record, Instant updatedAt, Instant loadedAt) {}

  private final Map<String, Versioned<Order>> orders;
  private final Map<String, Versioned<Customer>> customers;
  private final Map<String, Long> netPaid = new HashMap<>();

  Expected(List<Batch> batches) {
    Map<String, Versioned<Order>> latestOrders = new LinkedHashMap<>();
    Map<String, Versioned<Customer>> latestCustomers = new LinkedHashMap<>();
    Map<String, Payment> payments = new LinkedHashMap<>();
    for (Batch batch : batches) {
      for (Order o : batch.orders()) {
        if (!isTest(o.isTest())) {
          newest(
              latestOrders,
              o.orderId(),
              new Versioned<>(o, DemoData.instant(o.updatedAt()), batch.loadedAt()));
        }
      }
      for (Customer c : batch.customers()) {
        if (!isTest(c.isTest())) {
          newest(
              latestCustomers,
              c.custId(),
              new Versioned<>(c, DemoData.instant(c.updatedAt()), batch.loadedAt()));
        }
      }
      for (Payment p : batch.payments()) {
        payments.putIfAbsent(p.id(), p);
      }
    }
    for (Payment p : payments.values()) {
      long signed =
          switch (p.type()) {
            case "charge.succeeded" -> p.amount();
            case "charge.refunded" -> -p.amount();
            default -> 0L;
          };
      netPaid.merge(p.orderId(), signed, Long::sum);
    }
    this.orders = latestOrders;
    this.customers = latestCustomers;
  }

  private static <T> void newest(Map<String, Versioned<T>> latest, String key, Versioned<T> v) {
    Comparator<Versioned<T>> order =
        Comparator.<Versioned<T>, Instant>comparing(Versioned::updatedAt)
            .thenComparing(Versioned::loadedAt);
    latest.merge(key, v, (a, b) -> order.compare(b, a) > 0 ? b : a);
  }

  static boolean isTest(String flag) {
    return flag != null && flag.trim().equalsIgnoreCase("true");
  }

  static long cents(String amount) {
    return new BigDecimal(amount.trim()).movePointRight(2).longValueExact();
  }

  static String status(Order o) {
    return o.orderStatus().trim().toLowerCase(Locale.ROOT);
  }

  /** fct_orders rows as "c1|c2|..." over {@link #FCT_COLUMNS}, sorted. */
  List<String> fctOrders() {
    List<String> lines = new ArrayList<>();
    for (Versioned<Order> v : orders.values()) {
      Order o = v.record();
      Instant created = DemoData.instant(o.createdAt());
      lines.add(
          String.join(
              "|",
              o.orderId(),
              o.custId(),
              status(o),
              Long.toString(cents(o.amount())),
              Long.toString(created.getEpochSecond()),
              Long.toString(v.updatedAt().getEpochSecond()),
              LocalDate.ofInstant(created, ZoneOffset.UTC).toString(),
              Long.toString(v.loadedAt().getEpochSecond())));
    }
    lines.sort(null);
    return lines;
  }

  /** dim_customers rows as "c1|c2|..." over {@link #DIM_COLUMNS}, sorted. */
  List<String> dimCustomers() {
    Map<String, long[]> perCustomer = new HashMap<>(); // order_count, lifetime value, paid
    for (Versioned<Order> v : orders.values()) {
      Order o = v.record();
      long[] totals = perCustomer.computeIfAbsent(o.custId(), k -> new long[3]);
      if (!status(o).equals("cancelled")) {
        totals[0]++;
        totals[1] += cents(o.amount());
      }
      totals[2] += netPaid.getOrDefault(o.orderId(), 0L);
    }
    List<String> lines = new ArrayList<>();
    for (Versioned<Customer> v : customers.values()) {
      Customer c = v.record();
      long[] totals = perCustomer.getOrDefault(c.custId(), new long[3]);
      lines.add(
          String.join(
              "|",
              c.custId(),
              c.fullName().trim(),
              c.email().trim().toLowerCase(Locale.ROOT),
              c.country().trim().toUpperCase(Locale.ROOT),
              c.signupDate().trim(),
              Long.toString(totals[0]),
              Long.toString(totals[1]),
              Long.toString(totals[2])));
    }
    lines.sort(null);
    return lines;
  }

  /** The non-test order whose latest version is the oldest. */
  Order oldestOrder() {
    return orders.values().stream()
        .min(Comparator.comparing(Versioned<Order>::updatedAt))
        .orElseThrow()
        .record();
  }

  Instant newestUpdate() {
    return orders.values().stream().map(Versioned::updatedAt).max(Comparator.naturalOrder()).get();
  }
}
