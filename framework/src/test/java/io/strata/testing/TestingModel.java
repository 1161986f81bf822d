package io.strata.testing;

import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A model whose transform is a lambda, for tests. */
public final class TestingModel implements Model {
  private final ModelSpec spec;
  private final Function<ModelContext, Dataset<Row>> transform;

  public TestingModel(ModelSpec spec, Function<ModelContext, Dataset<Row>> transform) {
    this.spec = spec;
    this.transform = transform;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Dataset<Row> transform(ModelContext context) {
    return transform.apply(context);
  }
}
