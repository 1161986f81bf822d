package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A data test written as a query that selects offending rows; zero rows is a pass. Tables are named
 * {@code layer.table}. Runs after the models of a build, against what they published.
 */
public record SingularTest(String name, String sql) {
  public SingularTest {
    requireNonNull(name, "name is null");
    requireNonNull(sql, "sql is null");
  }

  /** Reads {@code path} (e.g. {@code tests/assert_revenue_positive.sql}) from the classpath. */
  public static SingularTest fromResource(String path) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path + " on the classpath");
      }
      String file = path.substring(path.lastIndexOf('/') + 1);
      String name = file.endsWith(".sql") ? file.substring(0, file.length() - 4) : file;
      return new SingularTest(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
