package io.strata.materialize;

import static org.apache.spark.sql.functions.col;

import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.OnCodeChange;
import io.strata.testing.EventsFixture;
import io.strata.testing.TestingProject;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Versions of one project, for code-change tests: {@code raw.events} → {@code staging.stg_events}
 * (view) → {@code marts.fct_events} (incremental on event_id) and {@code marts.dim_groups} (table
 * over the view). Version 2 of the view doubles the amounts; version 2 of {@code fct_events} adds
 * one to them.
 */
public final class CodeChangeProjects {
  private CodeChangeProjects() {}

  /** The first version of every model. */
  public static final class V1 extends TestingProject {
    public V1() {
      add(this, new Stg(stgSpec("events, typed")), new Fct(fctSpec(null)));
    }
  }

  /** The view's second version (amounts doubled). */
  public static final class ViewV2 extends TestingProject {
    public ViewV2() {
      add(this, new StgDoubled(stgSpec("events, typed")), new Fct(fctSpec(null)));
    }
  }

  /** The view's second version, under fct_events declaring {@code onCodeChange(FAIL)}. */
  public static final class ViewV2FailingFct extends TestingProject {
    public ViewV2FailingFct() {
      add(this, new StgDoubled(stgSpec("events, typed")), new Fct(fctSpec(OnCodeChange.FAIL)));
    }
  }

  /** fct_events' second version (amounts plus one). */
  public static final class FctV2 extends TestingProject {
    public FctV2() {
      add(this, new Stg(stgSpec("events, typed")), new FctPlusOne(fctSpec(null)));
    }
  }

  /** The first version, with other descriptions, column documentation and tags only. */
  public static final class V1Redocumented extends TestingProject {
    public V1Redocumented() {
      ModelSpec stg =
          ModelSpec.builder(Layer.STAGING, "stg_events")
              .sources("raw.events")
              .description("the raw events, with types")
              .column("event_id", "the event's id")
              .tags("events", "nightly")
              .build();
      add(this, new Stg(stg), new Fct(fctSpec(null)));
    }
  }

  private static void add(TestingProject project, Model stg, Model fct) {
    project
        .source("raw.events")
        .model(stg)
        .model(fct)
        .model(
            new Dim(
                ModelSpec.builder(Layer.MARTS, "dim_groups")
                    .table()
                    .refs("stg_events")
                    .description("totals per group")
                    .build()));
  }

  static ModelSpec stgSpec(String description) {
    return ModelSpec.builder(Layer.STAGING, "stg_events")
        .sources("raw.events")
        .description(description)
        .build();
  }

  static ModelSpec fctSpec(OnCodeChange policy) {
    IncrementalSpec.Builder incremental =
        IncrementalSpec.uniqueKey("event_id").lookback(Duration.ZERO);
    if (policy != null) {
      incremental.onCodeChange(policy);
    }
    return ModelSpec.builder(Layer.MARTS, "fct_events")
        .incremental(incremental.build())
        .refs("stg_events")
        .description("latest version of each event")
        .build();
  }

  private abstract static class SpecModel implements Model {
    private final ModelSpec spec;

    SpecModel(ModelSpec spec) {
      this.spec = spec;
    }

    @Override
    public ModelSpec spec() {
      return spec;
    }
  }

  static final class Stg extends SpecModel {
    Stg(ModelSpec spec) {
      super(spec);
    }

    @Override
    public Dataset<Row> transform(ModelContext ctx) {
      return EventsFixture.typedEvents(ctx);
    }
  }

  static final class StgDoubled extends SpecModel {
    StgDoubled(ModelSpec spec) {
      super(spec);
    }

    @Override
    public Dataset<Row> transform(ModelContext ctx) {
      return EventsFixture.typedEvents(ctx).withColumn("amount", col("amount").multiply(2));
    }
  }

  static final class Fct extends SpecModel {
    Fct(ModelSpec spec) {
      super(spec);
    }

    @Override
    public Dataset<Row> transform(ModelContext ctx) {
      return ctx.ref("stg_events");
    }
  }

  static final class FctPlusOne extends SpecModel {
    FctPlusOne(ModelSpec spec) {
      super(spec);
    }

    @Override
    public Dataset<Row> transform(ModelContext ctx) {
      return ctx.ref("stg_events").withColumn("amount", col("amount").plus(1));
    }
  }

  static final class Dim extends SpecModel {
    Dim(ModelSpec spec) {
      super(spec);
    }

    @Override
    public Dataset<Row> transform(ModelContext ctx) {
      return ctx.sql(
          "SELECT grp, count(*) AS events, sum(amount) AS amount"
              + " FROM staging.stg_events GROUP BY grp");
    }
  }
}
