package io.strata.warehouse;

import io.strata.config.CatalogKind;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import java.nio.file.Path;

/** Creates the warehouse a configuration describes. */
public final class Warehouses {
  private Warehouses() {}

  public static Warehouse create(StrataConfig config) {
    if (config.get(StrataKeys.CATALOG_KIND) == CatalogKind.METASTORE) {
      return new CatalogWarehouse(config.get(StrataKeys.CATALOG_SCHEMAS));
    }
    return atPath(config.get(StrataKeys.WAREHOUSE_DIR));
  }

  /** Delta tables under {@code dir/<layer>/<table>}; a relative local path is made absolute. */
  public static Warehouse atPath(String dir) {
    boolean uri = dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
    String base = uri ? dir : Path.of(dir).toAbsolutePath().normalize().toString();
    return new PathWarehouse(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }
}
