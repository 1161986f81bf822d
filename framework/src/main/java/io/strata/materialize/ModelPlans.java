package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.graph.ProjectGraph;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A model's transform over stand-in inputs: empty relations with its inputs' schemas, each under an
 * alias naming the input ({@link #inputOf}). Its analysed plan says what the model computes from
 * which input columns, with no data read, nothing written and no Spark job run.
 */
public final class ModelPlans {
  private static final String ALIAS_PREFIX = "strata_input__";

  private ModelPlans() {}

  /**
   * The model's rows as a full build computes them, over empty inputs of the given schemas (by
   * table: raw sources and the models it reads); only analysed, never run.
   */
  public static Dataset<Row> analysed(
      SparkSession spark,
      ProjectGraph graph,
      Model model,
      Function<TableName, StructType> inputSchemas) {
    requireNonNull(inputSchemas, "inputSchemas is null");
    return model.transform(
        new BuildContext(model.spec(), new StandIns(spark, graph, inputSchemas)));
  }

  /** The input an alias of a stand-in relation stands for. */
  public static Optional<TableName> inputOf(String alias) {
    int split = alias.indexOf("__", ALIAS_PREFIX.length());
    return alias.startsWith(ALIAS_PREFIX) && split > 0
        ? TableName.tryParse(
            alias.substring(ALIAS_PREFIX.length(), split) + "." + alias.substring(split + 2))
        : Optional.empty();
  }

  private static String aliasOf(TableName table) {
    return ALIAS_PREFIX + table.layer().id() + "__" + table.table();
  }

  /** Inputs that are empty relations with the schemas given. */
  private record StandIns(
      SparkSession spark, ProjectGraph graph, Function<TableName, StructType> schemas)
      implements TransformInputs {
    @Override
    public boolean isIncremental() {
      return false;
    }

    @Override
    public TableName tableOf(String model) {
      return graph.model(model).spec().table();
    }

    @Override
    public Dataset<Row> model(ModelSpec reader, String name) {
      return source(tableOf(name));
    }

    @Override
    public Dataset<Row> source(TableName table) {
      return spark.createDataFrame(List.<Row>of(), schemas.apply(table)).alias(aliasOf(table));
    }
  }
}
