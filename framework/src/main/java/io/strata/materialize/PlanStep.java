package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.model.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What {@code build} would do with one model, and why (see {@link BuildPlan}).
 *
 * @param reasons why, in the order they weigh: the first decides the action
 */
public record PlanStep(ModelSpec model, Action action, List<Reason> reasons) {
  public PlanStep {
    requireNonNull(model, "model is null");
    requireNonNull(action, "action is null");
    reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
  }

  /** What the build does to the model's table. */
  public enum Action {
    /** Nothing: its inputs and code are those of its last commit. */
    UP_TO_DATE,
    /** A MERGE of the new rows (incremental and snapshot models). */
    MERGE,
    /** The whole table written again (or for the first time). */
    FULL_BUILD,
    /** The model fails: its code changed under the policy {@code fail}, or an input is missing. */
    FAIL,
    /** A view: nothing stored; its plan is checked and its tests run. */
    VIEW,
    /** An ephemeral model: inlined into its readers, nothing to build. */
    EPHEMERAL;

    /** {@code up_to_date}, {@code full_build}... */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why, as a kind, a sentence and the names and versions behind it. */
  public record Reason(
      Kind kind,
      String text,
      List<String> models,
      List<NewVersions> sources,
      List<String> columns) {
    public Reason {
      requireNonNull(kind, "kind is null");
      requireNonNull(text, "text is null");
      models = List.copyOf(requireNonNull(models, "models is null"));
      sources = List.copyOf(requireNonNull(sources, "sources is null"));
      columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    static Reason of(Kind kind, String text) {
      return new Reason(kind, text, List.of(), List.of(), List.of());
    }

    static Reason of(Kind kind, String text, List<String> models) {
      return new Reason(kind, text, models, List.of(), List.of());
    }
  }

  /** The kinds of reasons. */
  public enum Kind {
    FIRST_BUILD,
    UP_TO_DATE,
    NEW_DATA,
    CODE_CHANGED,
    /** A persisted model read changed (or changes earlier in the same build). */
    UPSTREAM_CHANGED,
    /**
     * A raw source holds columns its readers' last build did not see ({@link Reason#columns}, by
     * table in {@link Reason#models}).
     */
    UPSTREAM_SCHEMA_CHANGED,
    /** The table has no commit of Strata's to compare with (written around it). */
    NO_RECORD,
    /** The model's tests changed, or its table was published untested. */
    TESTS,
    VIEW,
    EPHEMERAL,
    /** Build would fail before computing anything: an input is missing. */
    ERROR;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The versions of a raw source committed since the model's last build.
   *
   * @param rows rows those versions appended, where every commit's metrics record them
   */
  public record NewVersions(String table, long fromExclusive, long toInclusive, OptionalLong rows) {
    public long versions() {
      return toInclusive - fromExclusive;
    }

    /** {@code raw.orders v5-6 (2 versions, 1234 rows)}. */
    public String describe() {
      String count = versions() + (versions() == 1 ? " version" : " versions");
      String landed =
          rows.isPresent()
              ? ", " + rows.getAsLong() + (rows.getAsLong() == 1 ? " row" : " rows")
              : "";
      return table + " v" + (fromExclusive + 1) + "-" + toInclusive + " (" + count + landed + ")";
    }
  }
}
