package io.strata.delta;

import io.strata.config.CatalogKind;
import io.strata.config.InternalsMode;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** Creates the Delta warehouse a configuration describes, on the path its runtime chooses. */
public final class DeltaWarehouses {
  private DeltaWarehouses() {}

  /** The configured warehouse, on the path {@code strata.delta.internals} chooses. */
  public static Warehouse create(StrataConfig config) {
    DeltaRuntime runtime = DeltaRuntime.of(config);
    if (config.get(StrataKeys.CATALOG_KIND) == CatalogKind.METASTORE) {
      return new CatalogWarehouse(config.get(StrataKeys.CATALOG_SCHEMAS), runtime);
    }
    return atPath(config.get(StrataKeys.WAREHOUSE_DIR), runtime);
  }

  /**
   * Delta tables under {@code dir/<layer>/<table>}, on the path {@code STRATA_DELTA_INTERNALS}
   * chooses ({@code auto} when unset).
   */
  public static Warehouse atPath(String dir) {
    return atPath(dir, DeltaRuntime.ofEnvironment());
  }

  /**
   * Delta tables under {@code dir/<layer>/<table>} on the given runtime's path; a relative local
   * path is made absolute.
   */
  public static Warehouse atPath(String dir, DeltaRuntime runtime) {
    boolean uri = isUri(dir);
    String base = uri ? dir : Path.of(dir).toAbsolutePath().normalize().toString();
    return new PathWarehouse(
        base.endsWith("/") ? base.substring(0, base.length() - 1) : base, runtime);
  }

  /** Whether {@code dir} is a URI with a scheme (s3://, dbfs:/, file:/), not a plain path. */
  public static boolean isUri(String dir) {
    return dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
  }

  /**
   * Drops every table under a local directory from Delta's log cache, which releases its cached
   * state; nothing where Delta's internals are not used. Delta keeps a table's log and state for an
   * hour after its last use, which fills the heap of a JVM that works on many copies of a
   * warehouse.
   */
  public static void forget(SparkSession spark, Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    PathWarehouse warehouse =
        (PathWarehouse) atPath(dir.toString(), DeltaRuntime.of(InternalsMode.AUTO));
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path log : paths.filter(p -> p.endsWith("_delta_log")).toList()) {
        warehouse.forget(spark, log.getParent().toUri().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
