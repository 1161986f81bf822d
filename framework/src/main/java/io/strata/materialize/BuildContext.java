package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The context a transform runs in: only what its spec declares. */
final class BuildContext implements ModelContext {
  private final ModelSpec model;
  private final TransformInputs inputs;

  BuildContext(ModelSpec model, TransformInputs inputs) {
    this.model = model;
    this.inputs = inputs;
  }

  @Override
  public ModelSpec model() {
    return model;
  }

  @Override
  public SparkSession spark() {
    return inputs.spark();
  }

  @Override
  public Dataset<Row> ref(String name) {
    Optional<TableName> qualified = TableName.tryParse(name);
    String bare = qualified.map(TableName::table).orElse(name);
    boolean declared =
        model.refs().contains(bare)
            && qualified.map(q -> q.equals(inputs.tableOf(bare))).orElse(true);
    if (!declared) {
      throw Errors.undeclaredInput(model.name(), name, declared());
    }
    return inputs.model(model, bare);
  }

  @Override
  public Dataset<Row> source(String table) {
    TableName name = TableName.tryParse(table).orElse(null);
    if (name == null || !model.sources().contains(name)) {
      throw Errors.undeclaredInput(model.name(), table, declared());
    }
    return inputs.source(name);
  }

  @Override
  public Dataset<Row> sql(String query) {
    String rewritten =
        SqlNames.rewrite(
            query,
            table -> {
              Dataset<Row> rows =
                  model.sources().contains(table)
                      ? source(table.toString())
                      : ref(table.toString());
              String view = SqlNames.viewName(table);
              rows.createOrReplaceTempView(view);
              return view;
            });
    return spark().sql(rewritten);
  }

  @Override
  public boolean isIncremental() {
    return inputs.isIncremental();
  }

  private List<String> declared() {
    List<String> all = new ArrayList<>(model.refs());
    model.sources().forEach(s -> all.add(s.toString()));
    return all;
  }
}
