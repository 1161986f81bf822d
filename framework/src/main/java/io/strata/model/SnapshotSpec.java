package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a snapshot model keeps history (slowly changing dimension, type 2): one row per version of
 * each key, with {@value #VALID_FROM}, {@value #VALID_TO} (null for the current version) and
 * {@value #IS_CURRENT} added to the model's columns.
 *
 * <p>Strategy {@code timestamp}: each distinct value of the {@code updatedAt} column is a version,
 * dated by it, so a version that lands late takes its place in history. Strategy {@code check}: a
 * row whose {@code checkColumns} differ from the key's previous landed version is a new version,
 * dated by its landing time. Exact duplicates and replays change nothing; rows tied on key and date
 * are ranked as {@link Dedup} ranks them.
 *
 * @param uniqueKey the columns identifying an entity
 * @param updatedAt the timestamp strategy's column; empty for the check strategy
 * @param checkColumns the check strategy's columns; empty for the timestamp strategy
 * @param loadedAt the landing-time column, {@code _loaded_at} by default
 * @param invalidateHardDeletes the source lands full snapshots: a key missing from a landing closes
 *     its open interval at that landing's time, and a key that comes back opens a new one (default:
 *     off, a key missing from a landing is unchanged)
 * @param onCodeChange what a build does when the code computing the rows changed; empty: the
 *     project's {@code strata.incremental.on-code-change}
 */
public record SnapshotSpec(
    List<String> uniqueKey,
    Optional<String> updatedAt,
    List<String> checkColumns,
    String loadedAt,
    boolean invalidateHardDeletes,
    Optional<OnCodeChange> onCodeChange) {
  public static final String VALID_FROM = "valid_from";
  public static final String VALID_TO = "valid_to";
  public static final String IS_CURRENT = "is_current";

  public SnapshotSpec {
    uniqueKey = List.copyOf(requireNonNull(uniqueKey, "uniqueKey is null"));
    requireNonNull(updatedAt, "updatedAt is null");
    checkColumns = List.copyOf(requireNonNull(checkColumns, "checkColumns is null"));
    requireNonNull(loadedAt, "loadedAt is null");
    requireNonNull(onCodeChange, "onCodeChange is null");
    if (updatedAt.isPresent() == !checkColumns.isEmpty()) {
      throw new IllegalArgumentException(
          "a snapshot has one strategy: timestamp(column) or check(columns...)");
    }
  }

  /** Starts a snapshot spec keyed on these columns. */
  public static Builder uniqueKey(String... columns) {
    return new Builder(List.of(columns));
  }

  /** The column that dates each version: {@code updatedAt}, or the landing time for check. */
  public String versionTime() {
    return updatedAt.orElse(loadedAt);
  }

  /** The columns the model's rows must hold: key, strategy columns and landing time. */
  public List<String> requiredColumns() {
    List<String> required = new ArrayList<>(uniqueKey);
    updatedAt.ifPresent(required::add);
    required.addAll(checkColumns);
    required.add(loadedAt);
    return required;
  }

  /** Fluent builder; a strategy is required. */
  public static final class Builder {
    private final List<String> uniqueKey;
    private Optional<String> updatedAt = Optional.empty();
    private List<String> checkColumns = List.of();
    private String loadedAt = "_loaded_at";
    private boolean invalidateHardDeletes;
    private OnCodeChange onCodeChange;

    private Builder(List<String> uniqueKey) {
      this.uniqueKey = uniqueKey;
    }

    /** Each distinct value of {@code column} is a version, dated by it. */
    public Builder timestamp(String column) {
      this.updatedAt = Optional.of(requireNonNull(column, "column is null"));
      return this;
    }

    /** A change of any of these columns is a version, dated by its landing time. */
    public Builder check(String... columns) {
      this.checkColumns = List.of(columns);
      return this;
    }

    public Builder loadedAt(String column) {
      this.loadedAt = requireNonNull(column, "column is null");
      return this;
    }

    /**
     * Every landing holds every live key: a key missing from one was deleted then; one that comes
     * back opens a new interval, from the later of its version time and its return.
     */
    public Builder invalidateHardDeletes() {
      this.invalidateHardDeletes = true;
      return this;
    }

    /** What a build does when the code computing the rows changed; the project's default else. */
    public Builder onCodeChange(OnCodeChange policy) {
      this.onCodeChange = requireNonNull(policy, "policy is null");
      return this;
    }

    public SnapshotSpec build() {
      return new SnapshotSpec(
          uniqueKey,
          updatedAt,
          checkColumns,
          loadedAt,
          invalidateHardDeletes,
          Optional.ofNullable(onCodeChange));
    }
  }
}
