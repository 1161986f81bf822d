package io.strata.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Strata's own main classes only: not test classes, whether they come from a {@code test-classes}
 * directory or from the framework's test jar, nor the libraries the job jar relocates under {@code
 * io.strata.shaded}.
 */
public final class MainClassesOnly implements ImportOption {
  @Override
  public boolean includes(Location location) {
    return !location.contains("/test-classes/")
        && !location.contains("-tests.jar")
        && !location.contains("io/strata/shaded/");
  }
}
