package io.strata.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic raw feeds for the reference project: one batch of orders, customers and payments
 * per day, as JSON Lines, with the mess real feeds have.
 *
 * <p>The same seed, days and rows always give the same records. Feeds contain exact duplicates,
 * status progressions (placed, shipped, delivered; some cancelled), stale versions re-sent late,
 * brand-new orders with old timestamps, corrections re-sent with the same {@code updatedAt}, test
 * accounts ({@code isTest} "true" in any casing), messy casing and spaces, mixed UTC offsets,
 * duplicate webhook deliveries, refunds, and customers arriving a day after their first orders.
 *
 * <p>The generated records are plain Java objects ({@link #batches()}), so tests can compute the
 * expected marts without Spark.
 */
public final class DemoData {
  /** The first day's business date. */
  public static final LocalDate START = LocalDate.of(2026, 3, 1);

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final String[] OFFSETS = {"Z", "+02:00", "-05:00", "+05:30", "+00:00", "-08:00"};
  private static final String[] FIRST = {
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Linus"
  };
  private static final String[] LAST = {
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton"
  };
  private static final String[] COUNTRIES = {"de", "US ", " fr", "Gb", "NL", " jp "};

  /** One version of an order as the feed sends it; every field a string. */
  public record Order(
      String orderId,
      String custId,
      String orderStatus,
      String amount,
      String createdAt,
      String updatedAt,
      String isTest) {
    public String json() {
      return Json.object(
          "orderId", orderId,
          "custId", custId,
          "orderStatus", orderStatus,
          "amount", amount,
          "createdAt", createdAt,
          "updatedAt", updatedAt,
          "isTest", isTest);
    }

    Order withAmount(String newAmount) {
      return new Order(orderId, custId, orderStatus, newAmount, createdAt, updatedAt, isTest);
    }
  }

  /** One version of a customer as the feed sends it; every field a string. */
  public record Customer(
      String custId,
      String fullName,
      String email,
      String country,
      String signupDate,
      String updatedAt,
      String isTest) {
    public String json() {
      return Json.object(
          "custId", custId,
          "fullName", fullName,
          "email", email,
          "country", country,
          "signupDate", signupDate,
          "updatedAt", updatedAt,
          "isTest", isTest);
    }
  }

  /** A payment webhook event; {@code amount} in cents and {@code created} in epoch seconds. */
  public record Payment(String id, String orderId, String type, long amount, long created) {
    public String json() {
      return "{\"id\":"
          + Json.quote(id)
          + ",\"orderId\":"
          + Json.quote(orderId)
          + ",\"type\":"
          + Json.quote(type)
          + ",\"amount\":"
          + amount
          + ",\"created\":"
          + created
          + "}";
    }
  }

  /** What lands on one day; {@code loadedAt} is when the batch is landed. */
  public record Batch(
      int day,
      LocalDate date,
      Instant loadedAt,
      List<Order> orders,
      List<Customer> customers,
      List<Payment> payments) {
    public Batch {
      orders = List.copyOf(orders);
      customers = List.copyOf(customers);
      payments = List.copyOf(payments);
    }

    /** {@code day-01}, {@code day-02}, ... */
    public String dirName() {
      return dirName(day);
    }

    public static String dirName(int day) {
      return String.format("day-%02d", day);
    }
  }

  private final List<Batch> batches;

  private DemoData(List<Batch> batches) {
    this.batches = List.copyOf(batches);
  }

  public List<Batch> batches() {
    return batches;
  }

  /**
   * The versions of customer {@value #STORY_CUSTOMER} that land on {@code day}: a profile that
   * changes three times (country twice, then name), whose second version lands late, on day 3,
   * after the third. Fixed, and drawn from no random numbers, so the other lines do not move.
   */
  static List<Customer> storyCustomer(int day) {
    return switch (day) {
      case 1 ->
          List.of(story("Grace Story", " grace@story.example ", "de", "2026-03-01T03:00:00Z"));
      case 2 -> List.of(story("Grace Story", "grace@story.example", " FR", "2026-03-02T20:00:00Z"));
      case 3 ->
          List.of(
              story("Grace Story", "GRACE@Story.example", "at", "2026-03-02T03:00:00Z"),
              story(" Grace Hopper-Story", "grace@story.example", "FR", "2026-03-03T20:00:00Z"));
      default -> List.of();
    };
  }

  /** The customer whose profile history the reference pipeline's snapshot keeps. */
  public static final String STORY_CUSTOMER = "C9001";

  private static Customer story(String name, String email, String country, String updatedAt) {
    return new Customer(STORY_CUSTOMER, name, email, country, "2026-02-20", updatedAt, "false");
  }

  /** Generates {@code days} daily batches of about {@code ordersPerDay} new orders each. */
  public static DemoData generate(int days, int ordersPerDay, long seed) {
    if (days < 1 || ordersPerDay < 1) {
      throw new IllegalArgumentException("days and orders per day must be at least 1");
    }
    return new Generator(new Random(seed), ordersPerDay).run(days);
  }

  /** Writes {@code out/day-NN/{orders,customers,payments}.jsonl}; returns the day directories. */
  public List<Path> writeTo(Path out) {
    List<Path> dirs = new ArrayList<>();
    try {
      for (Batch batch : batches) {
        Path dir = out.resolve(batch.dirName());
        Files.createDirectories(dir);
        write(dir.resolve("orders.jsonl"), batch.orders().stream().map(Order::json).toList());
        write(
            dir.resolve("customers.jsonl"),
            batch.customers().stream().map(Customer::json).toList());
        write(dir.resolve("payments.jsonl"), batch.payments().stream().map(Payment::json).toList());
        dirs.add(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dirs;
  }

  /** The text of one feed file as {@link #writeTo} writes it. */
  public static String render(List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.writeString(file, render(lines), StandardCharsets.UTF_8);
  }

  /** Parses the feed's timestamps (ISO-8601 with an offset) as {@code stg_*} does. */
  public static Instant instant(String iso) {
    return OffsetDateTime.parse(iso.trim()).toInstant();
  }

  /** Minimal JSON writing: the feeds hold only flat strings and numbers. */
  public static final class Json {
    private Json() {}

    static String object(String... keysAndValues) {
      StringBuilder json = new StringBuilder("{");
      for (int i = 0; i < keysAndValues.length; i += 2) {
        if (i > 0) {
          json.append(',');
        }
        json.append(quote(keysAndValues[i])).append(':').append(quote(keysAndValues[i + 1]));
      }
      return json.append('}').toString();
    }

    /** The value as a JSON string literal. */
    public static String quote(String value) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : value.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"').toString();
    }
  }

  /** The mutable state of one generation; only {@link #run} is called from outside. */
  private static final class Generator {
    private final Random rnd;
    private final int perDay;
    private final Map<String, CustomerState> customers = new LinkedHashMap<>();
    private final List<OrderState> orders = new ArrayList<>();
    private final List<CustomerState> arrivingLate = new ArrayList<>();
    private final List<Payment> redeliverTomorrow = new ArrayList<>();
    private int nextCustomer = 1;
    private int nextOrder = 1;
    private int nextPayment = 1;

    Generator(Random rnd, int perDay) {
      this.rnd = rnd;
      this.perDay = perDay;
    }

    DemoData run(int days) {
      List<Batch> batches = new ArrayList<>();
      for (int day = 1; day <= days; day++) {
        batches.add(day(day));
      }
      return new DemoData(batches);
    }

    private Batch day(int day) {
      LocalDate date = START.plusDays(day - 1);
      Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant loadedAt = dayStart.plus(Duration.ofHours(26));
      List<Order> orderLines = new ArrayList<>();
      List<Customer> customerLines = new ArrayList<>();
      List<Payment> paymentLines = new ArrayList<>(redeliverTomorrow);
      redeliverTomorrow.clear();
      java.util.Set<String> touched = new java.util.HashSet<>();

      // Customers held back yesterday arrive today, after their orders.
      arrivingLate.forEach(c -> customerLines.add(c.current));
      arrivingLate.clear();

      // Updates of known customers, then a stale version re-sent late.
      List<CustomerState> known = customers.values().stream().filter(c -> c.sent).toList();
      for (CustomerState c : known) {
        if (rnd.nextInt(8) == 0) {
          Instant at = later(c.updatedAt, dayStart);
          c.version(
              new Customer(
                  c.id,
                  c.current.fullName(),
                  messyEmail(c.name, rnd.nextInt(3) == 0 ? "mail.example" : "example.com"),
                  pick(COUNTRIES),
                  c.current.signupDate(),
                  iso(at),
                  c.current.isTest()),
              at);
          customerLines.add(c.current);
        }
      }
      known.stream()
          .filter(c -> c.history.size() > 1)
          .findFirst()
          .ifPresent(c -> customerLines.add(c.history.get(0)));

      // New customers; some held back until tomorrow.
      int newCustomers = Math.max(2, perDay / 4);
      for (int i = 0; i < newCustomers; i++) {
        CustomerState c = newCustomer(date, dayStart);
        if (rnd.nextInt(6) == 0) {
          arrivingLate.add(c);
        } else {
          customerLines.add(c.current);
        }
        c.sent = true;
      }

      customerLines.addAll(storyCustomer(day));

      // Progressions, cancellations and refunds of earlier orders.
      for (OrderState o : orders) {
        if (o.done()) {
          continue;
        }
        int roll = rnd.nextInt(10);
        String next = null;
        if (o.status.equals("placed") && roll < 6) {
          next = "shipped";
        } else if (o.status.equals("placed") && roll == 6) {
          next = "cancelled";
        } else if (o.status.equals("shipped") && roll < 6) {
          next = "delivered";
        }
        if (next == null) {
          continue;
        }
        Instant at = later(o.updatedAt, dayStart);
        o.version(messyStatus(next), at, o.amount);
        orderLines.add(o.current);
        touched.add(o.id);
        if (next.equals("cancelled") && o.paidCents > 0) {
          long refund = rnd.nextInt(4) == 0 ? o.paidCents / 2 : o.paidCents;
          Payment p = payment(o.id, "charge.refunded", refund, at.plusSeconds(120));
          paymentLines.add(p);
          if (rnd.nextInt(3) == 0) {
            paymentLines.add(p); // the refund webhook delivered twice
          }
        } else if (next.equals("delivered") && o.paidCents > 0 && rnd.nextInt(12) == 0) {
          paymentLines.add(payment(o.id, "charge.refunded", 250, at.plusSeconds(600)));
        }
      }

      // Corrections of untouched earlier orders, re-sent with the same updatedAt.
      int corrections = 0;
      for (OrderState o : orders) {
        if (corrections >= Math.max(1, perDay / 10) || touched.contains(o.id)) {
          continue;
        }
        if (rnd.nextInt(5) == 0) {
          long cents = o.amount + 1 + rnd.nextInt(500);
          o.correct(cents, amountText(cents));
          orderLines.add(o.current);
          touched.add(o.id);
          corrections++;
        }
      }

      // Stale versions of earlier orders arriving late.
      int stale = 0;
      for (OrderState o : orders) {
        if (stale >= Math.max(1, perDay / 8) || touched.contains(o.id)) {
          continue;
        }
        List<Order> older =
            o.history.stream().filter(v -> instant(v.updatedAt()).isBefore(o.updatedAt)).toList();
        if (!older.isEmpty() && rnd.nextInt(3) == 0) {
          orderLines.add(older.get(rnd.nextInt(older.size())));
          touched.add(o.id);
          stale++;
        }
      }

      // Today's new orders.
      List<CustomerState> all = new ArrayList<>(customers.values());
      for (int i = 0; i < perDay; i++) {
        CustomerState c = all.get(rnd.nextInt(all.size()));
        Instant created = dayStart.plusSeconds(6 * 3600 + rnd.nextInt(15 * 3600));
        OrderState o = newOrder(c, created, created, "placed");
        orderLines.add(o.current);
        pay(o, created, paymentLines);
      }

      // Brand-new orders with old timestamps, already delivered.
      if (day > 1) {
        for (int i = 0; i < Math.max(1, perDay / 20); i++) {
          CustomerState c = all.get(rnd.nextInt(all.size()));
          Instant created =
              dayStart.minus(Duration.ofDays(10 + rnd.nextInt(10))).plusSeconds(rnd.nextInt(80000));
          OrderState o = newOrder(c, created, created.plus(Duration.ofDays(2)), "delivered");
          orderLines.add(o.current);
          pay(o, created, paymentLines);
        }
      }

      // Exact duplicates: the feed re-sends a few lines of the same batch.
      List<Order> duplicates = new ArrayList<>();
      for (Order line : orderLines) {
        if (rnd.nextInt(10) == 0) {
          duplicates.add(line);
        }
      }
      orderLines.addAll(duplicates);
      if (!customerLines.isEmpty()) {
        customerLines.add(customerLines.get(rnd.nextInt(customerLines.size())));
      }
      return new Batch(day, date, loadedAt, orderLines, customerLines, paymentLines);
    }

    private CustomerState newCustomer(LocalDate date, Instant dayStart) {
      String id = String.format("C%04d", nextCustomer++);
      boolean test = rnd.nextInt(10) == 0;
      String name = test ? "Test User" : pick(FIRST) + " " + pick(LAST);
      Instant at = dayStart.plusSeconds(rnd.nextInt(6 * 3600));
      Customer first =
          new Customer(
              id,
              test ? name : "  " + name + (rnd.nextBoolean() ? " " : ""),
              test ? "QA+" + id + "@strata.test " : messyEmail(name, "example.com"),
              pick(COUNTRIES),
              date.minusDays(rnd.nextInt(3)).toString(),
              iso(at),
              test ? pick(new String[] {"true", " TRUE", "True "}) : notTest());
      CustomerState c = new CustomerState(id, name, test);
      c.version(first, at);
      customers.put(id, c);
      return c;
    }

    private OrderState newOrder(CustomerState c, Instant created, Instant updated, String status) {
      String id = String.format("O%05d", nextOrder++);
      long cents = 500 + rnd.nextInt(49_500);
      OrderState o = new OrderState(id, c.id, c.test, iso(created));
      o.version(messyStatus(status), updated, cents);
      orders.add(o);
      return o;
    }

    /** Payments for a new order: maybe a failed attempt, usually a success, maybe redelivered. */
    private void pay(OrderState o, Instant created, List<Payment> lines) {
      if (rnd.nextInt(10) == 0) {
        return; // never paid
      }
      if (rnd.nextInt(8) == 0) {
        lines.add(payment(o.id, "charge.failed", o.amount, created.plusSeconds(30)));
      }
      Payment ok = payment(o.id, "charge.succeeded", o.amount, created.plusSeconds(60));
      o.paidCents = o.amount;
      lines.add(ok);
      int redeliver = rnd.nextInt(8);
      if (redeliver == 0) {
        lines.add(ok);
      } else if (redeliver == 1) {
        redeliverTomorrow.add(ok);
      }
    }

    private Payment payment(String orderId, String type, long cents, Instant at) {
      return new Payment(
          String.format("P%06d", nextPayment++), orderId, type, cents, at.getEpochSecond());
    }

    /** A time on the day starting at {@code dayStart}, strictly after {@code after}. */
    private Instant later(Instant after, Instant dayStart) {
      Instant candidate = dayStart.plusSeconds(6 * 3600 + rnd.nextInt(16 * 3600));
      return candidate.isAfter(after) ? candidate : after.plusSeconds(60 + rnd.nextInt(3600));
    }

    private String iso(Instant at) {
      return ISO.format(OffsetDateTime.ofInstant(at, ZoneOffset.of(pick(OFFSETS))));
    }

    private String messyStatus(String status) {
      return switch (rnd.nextInt(5)) {
        case 0 -> " " + status;
        case 1 -> status.toUpperCase(java.util.Locale.ROOT) + " ";
        case 2 -> Character.toUpperCase(status.charAt(0)) + status.substring(1);
        default -> status;
      };
    }

    private String messyEmail(String name, String domain) {
      String email = name.replace(' ', '.') + "@" + domain;
      return switch (rnd.nextInt(3)) {
        case 0 -> " " + email.toUpperCase(java.util.Locale.ROOT);
        case 1 -> email + "  ";
        default -> email.toLowerCase(java.util.Locale.ROOT);
      };
    }

    private String notTest() {
      return pick(new String[] {"false", "False", "", " no"});
    }

    private String amountText(long cents) {
      String text =
          cents % 100 == 0 && rnd.nextBoolean()
              ? Long.toString(cents / 100)
              : cents % 10 == 0 && rnd.nextBoolean()
                  ? String.format("%d.%d", cents / 100, (cents % 100) / 10)
                  : String.format("%d.%02d", cents / 100, cents % 100);
      return rnd.nextInt(6) == 0 ? " " + text + " " : text;
    }

    private String pick(String[] values) {
      return values[rnd.nextInt(values.length)];
    }

    private final class CustomerState {
      final String id;
      final String name;
      final boolean test;
      final List<Customer> history = new ArrayList<>();
      Customer current;
      Instant updatedAt;
      boolean sent;

      CustomerState(String id, String name, boolean test) {
        this.id = id;
        this.name = name;
        this.test = test;
      }

      void version(Customer customer, Instant at) {
        current = customer;
        updatedAt = at;
        history.add(customer);
      }
    }

    private final class OrderState {
      final String id;
      final String custId;
      final boolean test;
      final String createdAt;
      final List<Order> history = new ArrayList<>();
      Order current;
      String status;
      Instant updatedAt;
      long amount;
      long paidCents;

      OrderState(String id, String custId, boolean test, String createdAt) {
        this.id = id;
        this.custId = custId;
        this.test = test;
        this.createdAt = createdAt;
      }

      boolean done() {
        return status.equals("delivered") || status.equals("cancelled");
      }

      void version(String orderStatus, Instant at, long cents) {
        status = orderStatus.trim().toLowerCase(java.util.Locale.ROOT);
        updatedAt = at;
        amount = cents;
        current =
            new Order(
                id,
                custId,
                orderStatus,
                amountText(cents),
                createdAt,
                iso(at),
                test ? pick(new String[] {"true", "TRUE ", " True"}) : notTest());
        history.add(current);
      }

      void correct(long cents, String text) {
        amount = cents;
        current = current.withAmount(text);
        history.add(current);
      }
    }
  }
}
