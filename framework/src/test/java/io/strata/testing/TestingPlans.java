package io.strata.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.collection.JavaConverters;

/**
 * Records the physical plans, as adaptive execution last planned them, of the SQL executions whose
 * description contains a phrase (Delta describes each pass of a MERGE).
 */
public final class TestingPlans extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final String phrase;
  private final Map<Long, SparkPlanInfo> plans = new ConcurrentHashMap<>();

  private TestingPlans(SparkSession spark, String phrase) {
    this.spark = spark;
    this.phrase = phrase;
  }

  public static TestingPlans recording(SparkSession spark, String phrase) {
    TestingPlans plans = new TestingPlans(spark, phrase);
    spark.sparkContext().addSparkListener(plans);
    return plans;
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerSQLExecutionStart start
        && start.description().contains(phrase)) {
      plans.put(start.executionId(), start.sparkPlanInfo());
    } else if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate update) {
      plans.computeIfPresent(update.executionId(), (id, plan) -> update.sparkPlanInfo());
    }
  }

  /** The plans recorded so far, once the events already posted have been delivered. */
  public List<SparkPlanInfo> plans() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000L);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
    return List.copyOf(plans.values());
  }

  /** The names of the leaves under each node named {@code node}, such as a broadcast's inputs. */
  public static List<String> leavesUnder(SparkPlanInfo plan, String node) {
    if (plan.nodeName().equals(node)) {
      return leaves(plan);
    }
    List<String> found = new ArrayList<>();
    children(plan).forEach(c -> found.addAll(leavesUnder(c, node)));
    return found;
  }

  private static List<String> leaves(SparkPlanInfo plan) {
    List<SparkPlanInfo> children = children(plan);
    if (children.isEmpty()) {
      return List.of(plan.nodeName());
    }
    List<String> leaves = new ArrayList<>();
    children.forEach(c -> leaves.addAll(leaves(c)));
    return leaves;
  }

  private static List<SparkPlanInfo> children(SparkPlanInfo plan) {
    return JavaConverters.seqAsJavaList(plan.children());
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
