package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an incremental model merges new rows.
 *
 * <p>Rows are deduplicated to the latest per {@link #uniqueKey()} by {@link #orderBy()}, ties
 * broken by the latest {@link #loadedAt()}, then merged; a target row is only replaced by a newer
 * one. Defaults: ordering and event time {@code updated_at}, load column {@code _loaded_at},
 * lookback 3 days, {@link OnSchemaChange#APPEND_NEW_COLUMNS}, deletion vectors on.
 *
 * @param deletionVectors the table is created with Delta deletion vectors, so a MERGE marks the
 *     replaced rows deleted instead of rewriting every file they sit in (merge-on-read; {@code
 *     strata optimize} folds them back). Readers need Delta 2.3 or later.
 * @param onCodeChange what a build does when the code computing the rows changed; empty: the
 *     project's {@code strata.incremental.on-code-change}
 */
public record IncrementalSpec(
    List<String> uniqueKey,
    String orderBy,
    String eventTime,
    Duration lookback,
    String loadedAt,
    OnSchemaChange onSchemaChange,
    boolean deletionVectors,
    Optional<OnCodeChange> onCodeChange) {

  public IncrementalSpec {
    uniqueKey = List.copyOf(requireNonNull(uniqueKey, "uniqueKey is null"));
    requireNonNull(orderBy, "orderBy is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(lookback, "lookback is null");
    requireNonNull(loadedAt, "loadedAt is null");
    requireNonNull(onSchemaChange, "onSchemaChange is null");
    requireNonNull(onCodeChange, "onCodeChange is null");
    if (uniqueKey.isEmpty()) {
      throw new IllegalArgumentException(
          "an incremental model needs at least one unique key column");
    }
    if (lookback.isNegative()) {
      throw new IllegalArgumentException("lookback must not be negative: " + lookback);
    }
  }

  public static Builder uniqueKey(String... columns) {
    return new Builder(List.of(columns));
  }

  /** Columns the model must output for the merge to work. */
  public List<String> requiredColumns() {
    List<String> required = new ArrayList<>(uniqueKey);
    required.add(orderBy);
    required.add(eventTime);
    required.add(loadedAt);
    return required.stream().distinct().toList();
  }

  /** Fluent builder; see the record's documentation for defaults. */
  public static final class Builder {
    private final List<String> uniqueKey;
    private String orderBy = "updated_at";
    private String eventTime;
    private Duration lookback = Duration.ofDays(3);
    private String loadedAt = "_loaded_at";
    private OnSchemaChange onSchemaChange = OnSchemaChange.APPEND_NEW_COLUMNS;
    private boolean deletionVectors = true;
    private OnCodeChange onCodeChange;

    private Builder(List<String> uniqueKey) {
      this.uniqueKey = uniqueKey;
    }

    public Builder orderBy(String column) {
      this.orderBy = column;
      return this;
    }

    /** Event-time column the lookback applies to; defaults to the ordering column. */
    public Builder eventTime(String column) {
      this.eventTime = column;
      return this;
    }

    public Builder lookback(Duration lookback) {
      this.lookback = lookback;
      return this;
    }

    public Builder loadedAt(String column) {
      this.loadedAt = column;
      return this;
    }

    public Builder onSchemaChange(OnSchemaChange policy) {
      this.onSchemaChange = policy;
      return this;
    }

    /**
     * What a build does when the code computing the rows (the model's, or an upstream model's)
     * changed since the table's last commit; the project's default when not set.
     */
    public Builder onCodeChange(OnCodeChange policy) {
      this.onCodeChange = requireNonNull(policy, "policy is null");
      return this;
    }

    /** Rewrites whole files on MERGE (copy-on-write), for readers without deletion vectors. */
    public Builder copyOnWrite() {
      this.deletionVectors = false;
      return this;
    }

    public IncrementalSpec build() {
      return new IncrementalSpec(
          uniqueKey,
          orderBy,
          eventTime == null ? orderBy : eventTime,
          lookback,
          loadedAt,
          onSchemaChange,
          deletionVectors,
          Optional.ofNullable(onCodeChange));
    }
  }
}
