package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.error.ErrorKind;
import io.strata.error.Errors;
import io.strata.error.StrataException;
import io.strata.model.Layer;
import io.strata.model.TableName;
import io.strata.warehouse.MergeInto;
import io.strata.warehouse.Warehouse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One build at a time on a warehouse: a lease kept as one row of the Delta table {@code
 * audit.build_lease}, so it works wherever the warehouse does (a local disk, S3), with no lock
 * file.
 *
 * <p>A build takes the lease in one Delta {@code MERGE} that replaces the row only when it is
 * released or its heartbeat is older than the timeout. Of two builds taking it at once, Delta's
 * optimistic concurrency commits one MERGE and refuses the other (both read the row); the loser,
 * like a build that finds a live lease, fails at once naming the holder. The holder renews its
 * heartbeat while it runs ({@link #keepAlive}) and releases the lease when it ends ({@link
 * #close}), failed or not. A lease whose heartbeat is older than the timeout belongs to a build
 * that was killed, and the next build takes it over; so is at once the lease of a build that ran on
 * this host and whose process is gone. Heartbeats are compared across hosts' clocks: the timeout
 * must exceed their skew.
 */
public final class BuildLease implements AutoCloseable {
  public static final TableName TABLE = TableName.of(Layer.AUDIT, "build_lease");

  /** The lease's one row: the builds of a warehouse share it. */
  private static final String KEY = "build";

  private static final int ATTEMPTS = 3;
  private static final StructType SCHEMA =
      new StructType()
          .add("lease", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("host", DataTypes.StringType, false)
          .add("pid", DataTypes.LongType, false)
          .add("command", DataTypes.StringType, false)
          .add("started_at", DataTypes.StringType, false)
          .add("heartbeat_at", DataTypes.StringType, false)
          .add("heartbeat_ms", DataTypes.LongType, false)
          .add("released", DataTypes.BooleanType, false);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Holder holder;
  private final Duration timeout;
  private final Clock clock;
  private ScheduledExecutorService heartbeat;

  /** Who holds the lease, and since when. */
  public record Holder(
      String runId,
      String host,
      long pid,
      String command,
      String startedAt,
      String heartbeatAt,
      long heartbeatMillis,
      boolean released) {
    public Holder {
      requireNonNull(runId, "runId is null");
    }

    /** The same holder with a heartbeat at {@code now}, released or not. */
    Holder renewed(Instant now, boolean released) {
      return new Holder(
          runId, host, pid, command, startedAt, now.toString(), now.toEpochMilli(), released);
    }

    /** Whether its build ran on this host and its process is no longer alive. */
    boolean diedHere() {
      return host.equals(host()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
  }

  private BuildLease(
      SparkSession spark, Warehouse warehouse, Holder holder, Duration timeout, Clock clock) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.holder = holder;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Takes the warehouse's lease for a run, or throws a {@link ErrorKind#CONFLICT} error naming the
   * build that holds it.
   *
   * @param command what the run is, for the message another build shows
   * @param timeout how long after its last heartbeat a lease is taken over
   */
  public static BuildLease take(
      SparkSession spark,
      Warehouse warehouse,
      String runId,
      String command,
      Duration timeout,
      Clock clock) {
    SparkSession session = spark.newSession();
    Instant now = clock.instant();
    Holder mine =
        new Holder(
            runId,
            host(),
            ProcessHandle.current().pid(),
            command,
            now.toString(),
            now.toString(),
            now.toEpochMilli(),
            false);
    BuildLease lease = new BuildLease(session, warehouse, mine, timeout, clock);
    for (int attempt = 1; ; attempt++) {
      lease.create();
      try {
        lease.upsert(mine, "t.released OR t.heartbeat_ms < s.heartbeat_ms - " + timeout.toMillis());
      } catch (StrataException e) {
        if (e.kind() != ErrorKind.CONFLICT) {
          throw e;
        }
        // Another build's MERGE committed first: the row says which.
      }
      Optional<Holder> current = lease.current();
      if (current.filter(h -> h.runId().equals(runId) && !h.released()).isPresent()) {
        return lease;
      }
      Optional<Holder> dead = current.filter(h -> !h.released() && h.diedHere());
      if (dead.isPresent() && attempt < ATTEMPTS) {
        // Its process is gone from this host: killed. Taken over only if still its row.
        lease.takeOver(mine, dead.get());
        continue;
      }
      if (current.filter(h -> !h.released()).isPresent() || attempt == ATTEMPTS) {
        Holder other = current.orElseThrow(() -> new IllegalStateException("no lease row"));
        throw Errors.warehouseBusy(
            other.runId(),
            other.host() + " (pid " + other.pid() + ")",
            other.command(),
            other.startedAt(),
            other.heartbeatAt(),
            timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  /** Who holds the lease now, as the table says; empty before any build took it. */
  public Optional<Holder> current() {
    if (!warehouse.exists(TABLE)) {
      return Optional.empty();
    }
    return warehouse
        .read(spark, TABLE)
        .where(functions.col("lease").equalTo(KEY))
        .collectAsList()
        .stream()
        .findFirst()
        .map(
            row ->
                new Holder(
                    row.getString(1),
                    row.getString(2),
                    row.getLong(3),
                    row.getString(4),
                    row.getString(5),
                    row.getString(6),
                    row.getLong(7),
                    row.getBoolean(8)));
  }

  /** This lease's holder: the run that took it. */
  public Holder holder() {
    return holder;
  }

  /** Renews the heartbeat every fifth of the timeout, on a daemon thread, until {@link #close}. */
  public synchronized BuildLease keepAlive() {
    if (heartbeat == null) {
      long every = Math.max(200, timeout.toMillis() / 5);
      heartbeat =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "strata-lease-heartbeat");
                thread.setDaemon(true);
                return thread;
              });
      heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Renews the heartbeat once, if this run still holds the lease. */
  public void beat() {
    Instant now = clock.instant();
    try {
      upsert(holder.renewed(now, false), "t.run_id = s.run_id AND NOT t.released");
    } catch (RuntimeException e) {
      // A missed heartbeat is retried at the next one; the timeout allows several.
    }
  }

  /** Stops the heartbeat and releases the lease; a failure to release leaves it to expire. */
  @Override
  public synchronized void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
      heartbeat = null;
    }
    Instant now = clock.instant();
    try {
      upsert(holder.renewed(now, true), "t.run_id = s.run_id");
    } catch (RuntimeException e) {
      // The lease expires after the timeout.
    }
  }

  /** Creates the lease table where it does not exist; a concurrent creation is as good. */
  private void create() {
    if (warehouse.exists(TABLE)) {
      return;
    }
    try {
      warehouse.append(spark.createDataFrame(List.of(), SCHEMA), TABLE, List.of(), Map.of());
    } catch (StrataException e) {
      if (e.kind() != ErrorKind.CONFLICT || !warehouse.exists(TABLE)) {
        throw e;
      }
    }
  }

  /**
   * Writes {@code mine} over the row of {@code dead}, a build killed on this host, if still its.
   */
  private void takeOver(Holder mine, Holder dead) {
    try {
      upsert(mine, "t.run_id = '" + dead.runId().replace("\\", "\\\\").replace("'", "\\'") + "'");
    } catch (StrataException e) {
      if (e.kind() != ErrorKind.CONFLICT) {
        throw e;
      }
    }
  }

  /** Writes {@code row} over the lease's row where {@code replaceWhen} holds, in one commit. */
  private void upsert(Holder row, String replaceWhen) {
    Dataset<Row> source =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    KEY,
                    row.runId(),
                    row.host(),
                    row.pid(),
                    row.command(),
                    row.startedAt(),
                    row.heartbeatAt(),
                    row.heartbeatMillis(),
                    row.released())),
            SCHEMA);
    warehouse.merge(
        spark, TABLE, new MergeInto(source, functions.expr("t.lease = s.lease"), replaceWhen));
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "an unknown host";
    }
  }
}
