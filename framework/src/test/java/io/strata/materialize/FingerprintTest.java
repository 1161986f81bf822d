package io.strata.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.OnCodeChange;
import io.strata.model.SqlModels;
import io.strata.testing.TestingProject;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a change of a model's code, and what does not. */
class FingerprintTest {
  private static final String SOURCE =
      """
      package gen;
      public class Model {
        public int amount(int x) { return helper().scale(x) + 1; }
        Helper helper() { return new Helper(); }
        Runnable task() { return () -> System.out.println("run"); }
        static class Helper { int scale(int x) { return x * FACTOR; } }
        static final int FACTOR = 2;
      }
      """;

  /** The same code: other line breaks, comments, local variable names and indentation. */
  private static final String REFORMATTED =
      """
      package gen;

      /** A model. */
      public class Model {
        // the amount, scaled


        public int amount(int value) {
          return helper()
              .scale(value) + 1;
        }

        Helper helper() { return new Helper(); }

        Runnable task() {
          return () ->
              System.out.println("run");
        }

        /* scales */
        static class Helper {
          int scale(int x) {
            return x * FACTOR;
          }
        }

        static final int FACTOR = 2;
      }
      """;

  @TempDir Path dir;

  @Test
  void bytecodeDiffersByLineNumbersAndVariableNamesOnlyHashesTheSame() throws Exception {
    Class<?> original = compile("a", SOURCE);
    Class<?> reformatted = compile("b", REFORMATTED);

    assertThat(Files.readAllBytes(classFile("a", "Model")))
        .as("the class files differ (line numbers, names), or the test proves nothing")
        .isNotEqualTo(Files.readAllBytes(classFile("b", "Model")));
    assertThat(Fingerprint.ofClass(reformatted)).isEqualTo(Fingerprint.ofClass(original));
  }

  @Test
  void aChangeOfLogicInTheClassInANestedClassOrInALambdaChangesTheHash() throws Exception {
    String original = Fingerprint.ofClass(compile("a", SOURCE));

    assertThat(Fingerprint.ofClass(compile("b", SOURCE.replace("+ 1;", "+ 2;"))))
        .isNotEqualTo(original);
    assertThat(Fingerprint.ofClass(compile("c", SOURCE.replace("x * FACTOR", "x * FACTOR * x"))))
        .as("nested class")
        .isNotEqualTo(original);
    assertThat(Fingerprint.ofClass(compile("d", SOURCE.replace("\"run\"", "\"ran\""))))
        .as("lambda")
        .isNotEqualTo(original);
  }

  @Test
  void sqlHashIgnoresCommentsWhitespaceAndKeywordCaseButNotIdentifiersOrLiterals() {
    String sql = "SELECT id, amount * 2 AS amount FROM raw.orders WHERE status = 'placed'";
    String same =
        """
        -- orders, doubled
        select id,
               amount * 2 as amount  /* cents */
        from   raw.orders
        WHERE  status = 'placed'
        """;

    assertThat(Fingerprint.forSql(same)).isEqualTo(Fingerprint.forSql(sql));
    assertThat(Fingerprint.forSql(sql.replace("'placed'", "'Placed'")))
        .isNotEqualTo(Fingerprint.forSql(sql));
    assertThat(Fingerprint.forSql(sql.replace("* 2", "* 3"))).isNotEqualTo(Fingerprint.forSql(sql));
    assertThat(Fingerprint.forSql(sql.replace("AS amount", "AS amount_x")))
        .isNotEqualTo(Fingerprint.forSql(sql));
  }

  @Test
  void specHashIgnoresDocumentationTagsChecksAndThePolicyButNotWhatShapesRows() {
    Model model = new CodeChangeProjects.Fct(spec(b -> b));

    String base = Fingerprint.of(model);
    assertThat(
            List.of(
                Fingerprint.of(new CodeChangeProjects.Fct(spec(b -> b.description("other")))),
                Fingerprint.of(
                    new CodeChangeProjects.Fct(spec(b -> b.column("event_id", "the id")))),
                Fingerprint.of(new CodeChangeProjects.Fct(spec(b -> b.tags("nightly")))),
                Fingerprint.of(
                    new CodeChangeProjects.Fct(spec(b -> b.test(DataTest.unique("event_id"))))),
                Fingerprint.of(
                    new CodeChangeProjects.Fct(
                        spec(
                            b -> b,
                            IncrementalSpec.uniqueKey("event_id")
                                .onCodeChange(OnCodeChange.FAIL))))))
        .containsOnly(base);
    assertThat(
            List.of(
                Fingerprint.of(
                    new CodeChangeProjects.Fct(
                        spec(b -> b, IncrementalSpec.uniqueKey("event_id", "grp")))),
                Fingerprint.of(
                    new CodeChangeProjects.Fct(
                        spec(b -> b.test(DataTest.notNull("grp").quarantine())))),
                Fingerprint.of(new CodeChangeProjects.FctPlusOne(spec(b -> b)))))
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  private static ModelSpec spec(java.util.function.UnaryOperator<ModelSpec.Builder> edit) {
    return spec(edit, IncrementalSpec.uniqueKey("event_id"));
  }

  private static ModelSpec spec(
      java.util.function.UnaryOperator<ModelSpec.Builder> edit,
      IncrementalSpec.Builder incremental) {
    return edit.apply(
            ModelSpec.builder(Layer.MARTS, "fct_events")
                .incremental(incremental.build())
                .refs("stg_events")
                .description("latest version of each event"))
        .build();
  }

  /** Compiles {@code gen.Model} (with debug attributes) into its own directory and loads it. */
  private Class<?> compile(String name, String source)
      throws IOException, ReflectiveOperationException {
    Path src = Files.createDirectories(dir.resolve(name + "-src/gen")).resolve("Model.java");
    Files.writeString(src, source);
    Path out = Files.createDirectories(dir.resolve(name));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code =
        javac.run(
            null,
            null,
            null,
            "-g",
            "-proc:none",
            "-cp",
            out.toString(),
            "-d",
            out.toString(),
            src.toString());
    assertThat(code).as("javac exit code").isZero();
    URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, null);
    return loader.loadClass("gen.Model");
  }

  private Path classFile(String name, String simpleName) {
    return dir.resolve(name).resolve("gen").resolve(simpleName + ".class");
  }

  @Test
  void aSqlModelsQueryIsItsCodeAndItsHeaderCommentIsNot() throws IOException {
    String before =
        Fingerprint.of(sqlModel("materialized = table", "SELECT id FROM staging.stg_events"));
    String reformatted =
        Fingerprint.of(
            sqlModel(
                "materialized = table, description = \"Events.\"",
                "select id -- the key\n  from   staging.stg_events"));
    String after =
        Fingerprint.of(
            sqlModel("materialized = table", "SELECT id FROM staging.stg_events WHERE id > 0"));

    assertThat(reformatted).isEqualTo(before);
    assertThat(after).isNotEqualTo(before);
  }

  private Model sqlModel(String header, String query) throws IOException {
    TestingProject project =
        new TestingProject()
            .source("raw.events")
            .model(ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build());
    Path sqlDir = Files.createTempDirectory(dir, "sql");
    Path file = sqlDir.resolve("marts/dim_events.sql");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "/* strata { " + header + " } */\n" + query);
    return SqlModels.load(project, Optional.of(sqlDir)).get(0);
  }
}
