package io.strata.testing;

import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.Project;
import io.strata.model.SingularTest;
import io.strata.model.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A project assembled in a test. */
public class TestingProject implements Project {
  private final List<SourceSpec> sources = new ArrayList<>();
  private final List<Model> models = new ArrayList<>();
  private final List<SingularTest> singularTests = new ArrayList<>();

  public TestingProject source(String table) {
    sources.add(SourceSpec.of(table, "test source " + table));
    return this;
  }

  public TestingProject source(SourceSpec source) {
    sources.add(source);
    return this;
  }

  public TestingProject model(ModelSpec spec, Function<ModelContext, Dataset<Row>> transform) {
    models.add(new TestingModel(spec, transform));
    return this;
  }

  /** A model of its own class (whose code, unlike a lambda's, its fingerprint covers). */
  public TestingProject model(Model model) {
    models.add(model);
    return this;
  }

  /** A model whose transform is never run (graph tests). */
  public TestingProject model(ModelSpec spec) {
    return model(
        spec,
        ctx -> {
          throw new AssertionError("not run in graph tests");
        });
  }

  public TestingProject singular(String name, String sql) {
    singularTests.add(new SingularTest(name, sql));
    return this;
  }

  @Override
  public List<SingularTest> singularTests() {
    return List.copyOf(singularTests);
  }

  @Override
  public String name() {
    return "testing";
  }

  @Override
  public List<SourceSpec> sources() {
    return List.copyOf(sources);
  }

  @Override
  public List<Model> models() {
    return List.copyOf(models);
  }
}
