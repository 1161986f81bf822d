package io.strata.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.testing.TestingProject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectGraphTest {
  private static ModelSpec.Builder staging(String name) {
    return ModelSpec.builder(Layer.STAGING, name).sources("raw.orders");
  }

  private static TestingProject pipeline() {
    return new TestingProject()
        .source("raw.orders")
        .source("raw.customers")
        .model(staging("stg_orders").tags("orders").build())
        .model(ModelSpec.builder(Layer.STAGING, "stg_customers").sources("raw.customers").build())
        .model(
            ModelSpec.builder(Layer.INTERMEDIATE, "int_orders").table().refs("stg_orders").build())
        .model(
            ModelSpec.builder(Layer.MARTS, "dim_customers")
                .table()
                .refs("stg_customers", "int_orders")
                .tags("finance")
                .build())
        .model(ModelSpec.builder(Layer.MARTS, "fct_orders").table().refs("int_orders").build());
  }

  private static List<String> names(List<ModelSpec> specs) {
    return specs.stream().map(ModelSpec::name).toList();
  }

  @Test
  void ordersModelsAfterTheirInputs() {
    ProjectGraph graph = ProjectGraph.of(pipeline());

    List<String> order = names(graph.ordered());
    assertThat(order.indexOf("stg_orders")).isLessThan(order.indexOf("int_orders"));
    assertThat(order.indexOf("int_orders")).isLessThan(order.indexOf("fct_orders"));
    assertThat(order.indexOf("stg_customers")).isLessThan(order.indexOf("dim_customers"));
  }

  @Test
  void reportsCyclesWithTheirPath() {
    TestingProject cyclic =
        new TestingProject()
            .source("raw.orders")
            .model(staging("stg_orders").build())
            .model(
                ModelSpec.builder(Layer.INTERMEDIATE, "int_a").refs("stg_orders", "int_c").build())
            .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_b").refs("int_a").build())
            .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_c").refs("int_b").build());

    assertThatThrownBy(() -> ProjectGraph.of(cyclic))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
        .hasMessageContaining("Dependency cycle: int_a -> int_c -> int_b -> int_a");
  }

  @Test
  void rejectsReadingADownstreamLayer() {
    TestingProject upside =
        new TestingProject()
            .source("raw.orders")
            .model(staging("stg_orders").build())
            .model(ModelSpec.builder(Layer.MARTS, "fct_orders").table().refs("stg_orders").build())
            .model(ModelSpec.builder(Layer.INTERMEDIATE, "int_orders").refs("fct_orders").build());

    assertThatThrownBy(() -> ProjectGraph.of(upside))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROJECT))
        .hasMessageContaining(
            "Layer violation: intermediate model 'int_orders' reads marts model 'fct_orders'");
  }

  @Test
  void stagingReadsExactlyOneRawSource() {
    TestingProject joined =
        new TestingProject()
            .source("raw.orders")
            .source("raw.customers")
            .model(staging("stg_orders").sources("raw.customers").build());

    assertThatThrownBy(() -> ProjectGraph.of(joined))
        .hasMessageContaining("a staging model reads exactly one raw source");
  }

  @Test
  void onlyStagingReadsRawSources() {
    TestingProject direct =
        new TestingProject()
            .source("raw.orders")
            .model(ModelSpec.builder(Layer.MARTS, "fct_orders").sources("raw.orders").build());

    assertThatThrownBy(() -> ProjectGraph.of(direct))
        .hasMessageContaining("Only staging models read raw sources");
  }

  @Test
  void namesFollowLayerPrefixes() {
    TestingProject misnamed =
        new TestingProject()
            .source("raw.orders")
            .model(staging("stg_orders").build())
            .model(ModelSpec.builder(Layer.MARTS, "orders").refs("stg_orders").build());

    assertThatThrownBy(() -> ProjectGraph.of(misnamed))
        .hasMessageContaining("must start with fct_ or dim_");
  }

  @Test
  void unknownRefSuggestsTheClosestModel() {
    TestingProject typo =
        new TestingProject()
            .source("raw.orders")
            .model(staging("stg_orders").build())
            .model(ModelSpec.builder(Layer.MARTS, "fct_orders").refs("stg_order").build());

    assertThatThrownBy(() -> ProjectGraph.of(typo))
        .hasMessageContaining("'fct_orders' reads 'stg_order'")
        .hasMessageContaining("Did you mean stg_orders?");
  }

  @Test
  void selectsLikeDbt() {
    ProjectGraph graph = ProjectGraph.of(pipeline());

    assertThat(names(Selection.resolve(graph, List.of("+fct_orders"), List.of())))
        .containsExactlyInAnyOrder("stg_orders", "int_orders", "fct_orders");
    assertThat(names(Selection.resolve(graph, List.of("stg_orders+"), List.of())))
        .containsExactlyInAnyOrder("stg_orders", "int_orders", "fct_orders", "dim_customers");
    assertThat(names(Selection.resolve(graph, List.of("layer:marts"), List.of())))
        .containsExactlyInAnyOrder("fct_orders", "dim_customers");
    assertThat(names(Selection.resolve(graph, List.of("tag:finance", "stg_orders"), List.of())))
        .containsExactlyInAnyOrder("dim_customers", "stg_orders");
    assertThat(names(Selection.resolve(graph, List.of("stg_orders+"), List.of("layer:marts"))))
        .containsExactly("stg_orders", "int_orders");
    assertThat(names(Selection.resolve(graph, List.of("marts.fct_orders"), List.of())))
        .containsExactly("fct_orders");
  }

  @Test
  void unknownSelectorSuggestsClosestNames() {
    ProjectGraph graph = ProjectGraph.of(pipeline());

    assertThatThrownBy(() -> Selection.resolve(graph, List.of("fct_order"), List.of()))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("Selector 'fct_order' matches no model")
        .hasMessageContaining("Did you mean fct_orders");
    assertThatThrownBy(() -> Selection.resolve(graph, List.of("layer:gold"), List.of()))
        .hasMessageContaining("Invalid selector 'layer:gold'");
  }
}
