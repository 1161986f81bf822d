package io.strata.delta;

import io.strata.config.InternalsMode;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.error.Errors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Delta Lake a job runs on, and the path Strata takes through it: internal (Delta's internal
 * classes, for held commits, log replay on the driver and file-statistics proofs) or portable
 * (Delta's public API and SQL only, which Databricks and every Delta version share).
 *
 * <p>Decided once per JVM and mode, before the session starts: the session's log store depends on
 * it.
 */
public final class DeltaRuntime {
  /** The Delta versions the internal path is tested on. */
  public static final List<String> INTERNALS_TESTED = List.of("3.3.2");

  /** The Spark setting naming Delta's log store class. */
  public static final String LOG_STORE_CLASS_KEY = "spark.delta.logStore.class";

  /** The prefix of every Spark setting that picks a Delta log store. */
  public static final String LOG_STORE_KEY_PREFIX = "spark.delta.logStore.";

  /** Strata's log store, which can hold a commit; named, never loaded, off the internal path. */
  public static final String GATED_LOG_STORE = "io.strata.delta.internal.GatedLogStore";

  private static final String INTERNAL_ACCESS = "io.strata.delta.internal.InternalDeltaAccess";
  private static final String DELTA_LOG = "org.apache.spark.sql.delta.DeltaLog";
  private static final Map<InternalsMode, DeltaRuntime> CHOSEN = new LinkedHashMap<>();

  private final InternalsMode mode;
  private final Optional<String> version;
  private final Optional<InternalAccess> internals;
  private final String reason;

  private DeltaRuntime(
      InternalsMode mode,
      Optional<String> version,
      Optional<InternalAccess> internals,
      String reason) {
    this.mode = mode;
    this.version = version;
    this.internals = internals;
    this.reason = reason;
  }

  /** The runtime the configuration's {@code strata.delta.internals} chooses. */
  public static DeltaRuntime of(StrataConfig config) {
    return of(config.get(StrataKeys.DELTA_INTERNALS));
  }

  /**
   * The runtime {@code mode} chooses; throws a configuration error (exit 2) for {@code on} where
   * the internal path cannot run.
   */
  public static synchronized DeltaRuntime of(InternalsMode mode) {
    DeltaRuntime chosen = CHOSEN.get(mode);
    if (chosen == null) {
      chosen = choose(mode, deltaVersion());
      CHOSEN.put(mode, chosen);
    }
    return chosen;
  }

  /**
   * The runtime {@code STRATA_DELTA_INTERNALS} chooses, {@code auto} when unset: for code with no
   * configuration of its own, such as tests and the benchmark's copies.
   */
  public static DeltaRuntime ofEnvironment() {
    String variable = StrataKeys.DELTA_INTERNALS.environmentVariable();
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      return of(InternalsMode.AUTO);
    }
    try {
      return of(InternalsMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw Errors.badConfigValue(
          StrataKeys.DELTA_INTERNALS.path(),
          value,
          "environment variable " + variable,
          "one of auto, on, off");
    }
  }

  /** Delta's public API only, whatever is on the classpath. */
  public static DeltaRuntime portable() {
    return of(InternalsMode.OFF);
  }

  static DeltaRuntime choose(InternalsMode mode, Optional<String> version) {
    String found = version.orElse("(version unknown)");
    if (mode == InternalsMode.OFF) {
      return new DeltaRuntime(mode, version, Optional.empty(), "strata.delta.internals = off");
    }
    Optional<String> unusable = unusable(version);
    if (unusable.isPresent()) {
      if (mode == InternalsMode.ON) {
        throw Errors.deltaInternalsUnavailable(found, INTERNALS_TESTED, unusable.get());
      }
      return new DeltaRuntime(
          mode, version, Optional.empty(), "strata.delta.internals = auto: " + unusable.get());
    }
    Optional<InternalAccess> access = load();
    if (access.isEmpty()) {
      String why = "Strata's internal adapter does not link against this Delta";
      if (mode == InternalsMode.ON) {
        throw Errors.deltaInternalsUnavailable(found, INTERNALS_TESTED, why);
      }
      return new DeltaRuntime(
          mode, version, Optional.empty(), "strata.delta.internals = auto: " + why);
    }
    return new DeltaRuntime(
        mode,
        version,
        access,
        "strata.delta.internals = "
            + mode.name().toLowerCase(java.util.Locale.ROOT)
            + ": Delta's internal classes load and "
            + found
            + " is tested on them");
  }

  /** Why the internal path cannot run on this Delta; empty when it can. */
  private static Optional<String> unusable(Optional<String> version) {
    if (!loads(DELTA_LOG)) {
      return Optional.of(
          "Delta's internal classes are not on the classpath (as on Databricks Runtime)");
    }
    if (version.isEmpty() || !INTERNALS_TESTED.contains(version.get())) {
      return Optional.of(
          "the internal path is tested on Delta "
              + String.join(", ", INTERNALS_TESTED)
              + ", not "
              + version.orElse("an unknown version"));
    }
    return Optional.empty();
  }

  private static boolean loads(String className) {
    try {
      Class.forName(className, false, DeltaRuntime.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static Optional<InternalAccess> load() {
    try {
      return Optional.of(
          (InternalAccess) Class.forName(INTERNAL_ACCESS).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * Delta's version, from {@code io.delta.VERSION} (Delta's public package object), else from the
   * manifest of the jar holding {@code io.delta.tables.DeltaTable}.
   */
  static Optional<String> deltaVersion() {
    try {
      Class<?> pkg = Class.forName("io.delta.package$");
      Object module = pkg.getField("MODULE$").get(null);
      return Optional.of((String) pkg.getMethod("VERSION").invoke(module));
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      try {
        return Optional.ofNullable(
            Class.forName("io.delta.tables.DeltaTable").getPackage().getImplementationVersion());
      } catch (ClassNotFoundException | LinkageError notThere) {
        return Optional.empty();
      }
    }
  }

  /** Whether this runtime takes the internal path. */
  public boolean internal() {
    return internals.isPresent();
  }

  /** The internal adapter, on the internal path. */
  public Optional<InternalAccess> internals() {
    return internals;
  }

  /** The Delta version found, when it could be read. */
  public Optional<String> version() {
    return version;
  }

  public InternalsMode mode() {
    return mode;
  }

  /** One line saying which path a build runs, and why. */
  public String describe() {
    return String.format(
        "Delta %s: %s path (%s)",
        version.orElse("(version unknown)"), internal() ? "internal" : "portable", reason);
  }

  /**
   * The Spark settings Delta needs in a new session: its extension and catalog, and on the internal
   * path Strata's log store, unless {@code own} already picks a log store.
   */
  public Map<String, String> sessionSettings(Map<String, String> own) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    settings.put(
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    if (internal() && own.keySet().stream().noneMatch(k -> k.startsWith(LOG_STORE_KEY_PREFIX))) {
      settings.put(LOG_STORE_CLASS_KEY, GATED_LOG_STORE);
    }
    return settings;
  }
}
