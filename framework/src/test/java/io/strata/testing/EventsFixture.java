package io.strata.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_timestamp;

import io.strata.config.ShufflePartitions;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.delta.DeltaWarehouses;
import io.strata.graph.ProjectGraph;
import io.strata.land.InputFormat;
import io.strata.land.Lander;
import io.strata.materialize.CommitHook;
import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.OnSchemaChange;
import io.strata.model.TableName;
import io.strata.run.BuildRequest;
import io.strata.run.RunListener;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small project over one raw table of events, landed from JSON Lines, for engine tests.
 *
 * <p>{@code raw.events} (id, amount, updated) → {@code staging.stg_events} (view) → {@code
 * marts.fct_events} (incremental on event_id, partitioned by grp, lookback 1 day) → {@code
 * marts.dim_groups} (table).
 */
public final class EventsFixture {
  public static final TableName RAW = TableName.parse("raw.events");
  public static final TableName FCT = TableName.parse("marts.fct_events");
  public static final TableName DIM = TableName.parse("marts.dim_groups");

  private final Path dir;
  private final Warehouse warehouse;
  private final ProjectGraph graph;
  private final AtomicInteger files = new AtomicInteger();

  public EventsFixture(Path dir, OnSchemaChange policy, boolean extraColumn) {
    this(dir, DeltaWarehouses.atPath(dir.resolve("warehouse").toString()), policy, extraColumn);
  }

  private EventsFixture(Path dir, Warehouse warehouse, OnSchemaChange policy, boolean extraColumn) {
    this(dir, warehouse, project(policy, extraColumn));
  }

  /** Another project over the same raw.events landing. */
  public EventsFixture(Path dir, io.strata.model.Project project) {
    this(dir, DeltaWarehouses.atPath(dir.resolve("warehouse").toString()), project);
  }

  /** Another project over the same raw.events landing, in the given warehouse. */
  public EventsFixture(Path dir, Warehouse warehouse, io.strata.model.Project project) {
    this(dir, warehouse, ProjectGraph.of(project), 0);
  }

  private EventsFixture(Path dir, Warehouse warehouse, ProjectGraph graph, int files) {
    this.dir = dir;
    this.warehouse = warehouse;
    this.graph = graph;
    this.files.set(files);
  }

  public EventsFixture(Path dir) {
    this(dir, OnSchemaChange.APPEND_NEW_COLUMNS, false);
  }

  /** The events project with another lookback for {@code fct_events}. */
  public EventsFixture(Path dir, Duration lookback) {
    this(
        dir,
        DeltaWarehouses.atPath(dir.resolve("warehouse").toString()),
        addEvents(new TestingProject(), OnSchemaChange.APPEND_NEW_COLUMNS, false, lookback));
  }

  /** The events project, to add more to. */
  public static TestingProject eventsProject() {
    return project(OnSchemaChange.APPEND_NEW_COLUMNS, false);
  }

  /** The events project with another lookback for {@code fct_events}, to add more to. */
  public static TestingProject eventsProject(Duration lookback) {
    return addEvents(new TestingProject(), OnSchemaChange.APPEND_NEW_COLUMNS, false, lookback);
  }

  static TestingProject project(OnSchemaChange policy, boolean extraColumn) {
    return addEvents(new TestingProject(), policy, extraColumn);
  }

  /** Adds raw.events, stg_events, fct_events and dim_groups to a project. */
  static TestingProject addEvents(
      TestingProject project, OnSchemaChange policy, boolean extraColumn) {
    return addEvents(project, policy, extraColumn, Duration.ofDays(1));
  }

  private static TestingProject addEvents(
      TestingProject project, OnSchemaChange policy, boolean extraColumn, Duration lookback) {
    return project
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events")
                .sources("raw.events")
                .description("events, typed")
                .build(),
            ctx -> {
              Dataset<Row> typed = typedEvents(ctx);
              return extraColumn ? typed.withColumn("note", col("event_id")) : typed;
            })
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_events")
                .incremental(
                    IncrementalSpec.uniqueKey("event_id")
                        .lookback(lookback)
                        .onSchemaChange(policy)
                        .build())
                .refs("stg_events")
                .partitionBy("grp")
                .description("latest version of each event")
                .test(DataTest.unique("event_id"))
                .build(),
            ctx -> ctx.ref("stg_events"))
        .model(
            ModelSpec.builder(Layer.MARTS, "dim_groups")
                .table()
                .refs("fct_events")
                .description("totals per group")
                .build(),
            ctx ->
                ctx.sql(
                    "SELECT grp, count(*) AS events, sum(amount) AS amount"
                        + " FROM marts.fct_events GROUP BY grp"));
  }

  /**
   * stg_events' rows: raw.events typed, as {@code event_id, grp} (the id's first letter), {@code
   * amount, updated_at, _loaded_at}; for projects that put other models over raw.events.
   */
  public static Dataset<Row> typedEvents(ModelContext ctx) {
    return ctx.source("raw.events")
        .select(
            col("id").as("event_id"),
            substring(col("id"), 1, 1).as("grp"),
            col("amount").cast("bigint").as("amount"),
            to_timestamp(col("updated")).as("updated_at"),
            col("_loaded_at"));
  }

  /**
   * The same project over a copy of this fixture's warehouse directory in {@code other}: a state
   * built once that several tests start from. Only for fixtures whose warehouse is a path.
   */
  public EventsFixture copyTo(Path other) {
    Path to = other.resolve("warehouse");
    Directories.copy(dir.resolve("warehouse"), to);
    return new EventsFixture(other, DeltaWarehouses.atPath(to.toString()), graph, files.get());
  }

  public static SparkSession spark() {
    return TestingSpark.session();
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public ProjectGraph graph() {
    return graph;
  }

  public static StrataConfig config() {
    return StrataConfig.defaults().with(StrataKeys.SHUFFLE_PARTITIONS, ShufflePartitions.of(2));
  }

  /** Lands JSON lines into raw.events with the given landing time. */
  public void land(Instant loadedAt, String... jsonLines) {
    Path file = dir.resolve("batch-" + files.incrementAndGet() + ".jsonl");
    try {
      Files.write(file, List.of(jsonLines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Lander(spark(), warehouse)
        .land(
            List.of(new Lander.Input(RAW, file.toString(), InputFormat.JSON)),
            Optional.empty(),
            loadedAt);
  }

  public static String event(String id, long amount, String updated) {
    return String.format("{\"id\":\"%s\",\"amount\":%d,\"updated\":\"%s\"}", id, amount, updated);
  }

  /** Writes {@code events}, one per line, to {@code file}; returns the file. */
  public static Path writeEvents(Path file, String... events) {
    try {
      return Files.writeString(file, String.join("\n", events));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RunResult build() {
    return build(BuildRequest.all(), CommitHook.NONE);
  }

  public RunResult build(BuildRequest request, CommitHook hook) {
    return build(request, hook, config());
  }

  public RunResult build(BuildRequest request, CommitHook hook, StrataConfig config) {
    return new Runner(spark(), config, graph, warehouse, RunListener.NONE, hook).build(request);
  }

  public Dataset<Row> read(TableName table) {
    return warehouse.read(spark(), table);
  }

  /** Appends a second copy of the rows {@code where} selects, as a writer other than Strata may. */
  public void duplicate(TableName table, String where) {
    Dataset<Row> copies = read(table).where(where).localCheckpoint();
    warehouse.append(copies, table, List.of(), java.util.Map.of());
  }

  public long version(TableName table) {
    return warehouse.version(spark(), table).orElseThrow();
  }
}
