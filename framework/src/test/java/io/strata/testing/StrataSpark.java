package io.strata.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving tests the one local SparkSession of the test JVM: {@code local[2]}, no
 * UI, bound to loopback, UTC, two shuffle partitions (the settings of {@link TestingSpark}, whose
 * session it is). The session starts before the class's first test, is shared by every class, and
 * stops with the JVM.
 *
 * <pre>{@code
 * @ExtendWith(StrataSpark.class)
 * class StgOrdersTest {
 *   @Test
 *   void dropsTestOrders(SparkSession spark) { ... }   // or StrataSpark.session()
 * }
 * }</pre>
 */
public final class StrataSpark implements BeforeAllCallback, ParameterResolver {
  /** The shared session, started on first use. */
  public static SparkSession session() {
    return TestingSpark.session();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    session();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return session();
  }
}
