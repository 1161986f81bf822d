package io.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.cli.StrataMain;
import io.strata.jobs.DemoCommand;
import io.strata.jobs.GenerateCommand;
import io.strata.jobs.ReferenceProject;
import io.strata.model.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files in submit-scripts/ (EMR step, Databricks job, Airflow DAGs) name the right
 * entry point and profile, and every argument list they pass parses with the CLI's own parser. The
 * scripts print usage on -h and fail clearly when what they need is missing.
 */
class DeploymentFilesTest {
  private static final String MAIN_CLASS = "io.strata.jobs.JobsMain";
  private static final String JAR_NAME = "strata-jobs-0.1.0-SNAPSHOT.jar";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses with the same command line JobsMain runs; returns the subcommand's name. */
  private static String parse(List<String> args) {
    var cli = StrataMain.commandLine(new DemoCommand(), new GenerateCommand());
    var parsed = cli.parseArgs(args.toArray(String[]::new));
    assertThat(parsed.hasSubcommand()).as("a subcommand in %s", args).isTrue();
    return parsed.subcommand().commandSpec().name();
  }

  private static void assertParses(List<String> args) {
    assertThatCode(() -> parse(args)).as("CLI parse of %s", args).doesNotThrowAnyException();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertThat(i).as("%s in %s", option, args).isNotNegative().isLessThan(args.size() - 1);
    return args.get(i + 1);
  }

  /** The --add-opens list of the local launcher, submit-scripts/strata. */
  private static Set<String> launcherOpens() throws IOException {
    Matcher m =
        Pattern.compile("--add-opens=\\S+").matcher(Files.readString(Scripts.script("strata")));
    Set<String> opens = new LinkedHashSet<>();
    while (m.find()) {
      opens.add(m.group());
    }
    assertThat(opens).hasSizeGreaterThan(5);
    return opens;
  }

  private static String confValue(String conf, String key) {
    Matcher m = Pattern.compile(Pattern.quote(key) + "\\s*=\\s*\"?([^\"\\s]+)\"?").matcher(conf);
    assertThat(m.find()).as("%s in the profile", key).isTrue();
    return m.group(1);
  }

  @Test
  void emrStepRunsTheJobJarWithTheEmrProfileAndItsSizing() throws IOException {
    JsonNode steps = JSON.readTree(Scripts.script("emr-step.json").toFile());
    assertThat(steps.isArray()).isTrue();
    assertThat(steps).hasSize(1);
    JsonNode step = steps.get(0);
    assertThat(step.path("Jar").asText()).isEqualTo("command-runner.jar");
    assertThat(step.path("Type").asText()).isEqualTo("CUSTOM_JAR");
    List<String> args = strings(step.path("Args"));
    assertThat(args.get(0)).isEqualTo("spark-submit");
    assertThat(after(args, "--deploy-mode")).isEqualTo("cluster");
    assertThat(after(args, "--class")).isEqualTo(MAIN_CLASS);

    String emr = Files.readString(Scripts.root().resolve("conf/emr.conf"));
    assertThat(after(args, "--executor-memory"))
        .isEqualTo(confValue(emr, "executor.memory"))
        .isEqualTo("24g");
    assertThat(after(args, "--executor-cores")).isEqualTo(confValue(emr, "executor.cores"));
    assertThat(after(args, "--driver-memory")).isEqualTo(confValue(emr, "driver.memory"));

    Map<String, String> confs = new HashMap<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals("--conf")) {
        String[] kv = args.get(i + 1).split("=", 2);
        confs.put(kv[0], kv[1]);
      }
    }
    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      assertThat(confs).containsKey(key);
      assertThat(List.of(confs.get(key).split("\\s+"))).as(key).containsAll(launcherOpens());
    }

    int jar = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).endsWith(".jar")) {
        jar = i;
        break;
      }
    }
    assertThat(args.get(jar)).startsWith("s3://").endsWith("/" + JAR_NAME);
    List<String> appArgs = args.subList(jar + 1, args.size());
    assertThat(appArgs)
        .startsWith("build")
        .containsSequence("--profile", "emr")
        .containsSequence("--conf", "strata.delta.internals=auto");
    assertThat(parse(appArgs)).isEqualTo("build");
  }

  @Test
  void databricksJobRunsTheJarTaskWithTheDatabricksProfile() throws IOException {
    JsonNode job = JSON.readTree(Scripts.script("databricks-job.json").toFile());
    assertThat(job.path("name").asText()).isNotBlank();
    JsonNode tasks = job.path("tasks");
    assertThat(tasks).hasSize(1);
    JsonNode task = tasks.get(0);
    JsonNode jarTask = task.path("spark_jar_task");
    assertThat(jarTask.path("main_class_name").asText()).isEqualTo(MAIN_CLASS);
    List<String> params = strings(jarTask.path("parameters"));
    assertThat(params)
        .containsExactly(
            "build", "--conf", "strata.delta.internals=auto", "--profile", "databricks");
    assertThat(parse(params)).isEqualTo("build");
    assertThat(task.path("libraries").get(0).path("jar").asText()).endsWith("/" + JAR_NAME);
    assertThat(task.path("max_retries").asInt()).isPositive();

    String clusterKey = task.path("job_cluster_key").asText();
    JsonNode cluster = null;
    for (JsonNode candidate : job.path("job_clusters")) {
      if (candidate.path("job_cluster_key").asText().equals(clusterKey)) {
        cluster = candidate.path("new_cluster");
      }
    }
    assertThat(cluster).as("job cluster %s", clusterKey).isNotNull();
    // Databricks Runtime 15.4 LTS ships Spark 3.5 (Scala 2.12); the job jar is built for both.
    assertThat(cluster.path("spark_version").asText()).isEqualTo("15.4.x-scala2.12");
    assertThat(cluster.path("node_type_id").asText()).isNotBlank();
    // The jar is Java 17 bytecode: the runtime must start its JVMs on JDK 17.
    assertThat(cluster.path("spark_env_vars").path("JNAME").asText()).contains("17");
  }

  /**
   * Imports the DAG file with stub airflow modules and prints, per DAG, each task's settings and
   * the dependency edges, as JSON. Nothing of Airflow itself is needed.
   */
  private static final String DAG_DUMP =
      """
      import json, sys, types

      class Task:
          def __init__(self, **kwargs):
              self.kwargs = kwargs
              self.dag = DAG.current
              self.dag.tasks[kwargs["task_id"]] = self
          def _link(self, other):
              for o in (other if isinstance(other, (list, tuple)) else [other]):
                  self.dag.edges.append([self.kwargs["task_id"], o.kwargs["task_id"]])
              return other
          def __rshift__(self, other):
              return self._link(other)
          def __rrshift__(self, other):
              for o in other:
                  o._link(self)
              return self

      class DAG:
          current = None
          all = []
          def __init__(self, dag_id, default_args=None, **kwargs):
              self.dag_id, self.default_args, self.kwargs = dag_id, default_args or {}, kwargs
              self.tasks, self.edges = {}, []
              DAG.all.append(self)
          def __enter__(self):
              DAG.current = self
              return self
          def __exit__(self, *exc):
              DAG.current = None

      for name in ["airflow", "airflow.providers", "airflow.providers.apache",
                   "airflow.providers.apache.spark", "airflow.providers.apache.spark.operators",
                   "airflow.providers.apache.spark.operators.spark_submit"]:
          sys.modules[name] = types.ModuleType(name)
      sys.modules["airflow"].DAG = DAG
      sys.modules["airflow.providers.apache.spark.operators.spark_submit"].SparkSubmitOperator = Task

      import importlib.util
      spec = importlib.util.spec_from_file_location("strata_dag", sys.argv[1])
      spec.loader.exec_module(importlib.util.module_from_spec(spec))

      out = {}
      for dag in DAG.all:
          tasks = {}
          for task_id, task in dag.tasks.items():
              k = task.kwargs
              tasks[task_id] = {
                  "java_class": k.get("java_class"),
                  "application": k.get("application"),
                  "application_args": k.get("application_args"),
                  "retries": k.get("retries", dag.default_args.get("retries", 0)),
                  "trigger_rule": k.get("trigger_rule", "all_success"),
              }
          out[dag.dag_id] = {"tasks": tasks, "edges": dag.edges}
      print(json.dumps(out))
      """;

  @Test
  void airflowDagsRunLayersInOrderWithArgumentsTheCliAccepts() throws IOException {
    JsonNode dags = dags(Map.of());
    assertThat(dags.has("strata_daily")).isTrue();
    assertThat(dags.has("strata_weekly_full_refresh")).isTrue();

    List<String> fullRefresh = new ArrayList<>();
    for (JsonNode d : dags) {
      d.path("tasks")
          .fields()
          .forEachRemaining(
              entry -> {
                JsonNode task = entry.getValue();
                assertThat(task.path("java_class").asText()).isEqualTo(MAIN_CLASS);
                assertThat(task.path("application").asText()).isEqualTo("/opt/strata/" + JAR_NAME);
                List<String> args = strings(task.path("application_args"));
                assertThat(args)
                    .as(entry.getKey())
                    .containsSequence("--profile", "emr", "--conf", "strata.delta.internals=auto");
                assertParses(args);
                if (args.get(0).equals("build")) {
                  assertThat(task.path("retries").asInt()).as(entry.getKey()).isPositive();
                }
                if (args.contains("--full-refresh")) {
                  fullRefresh.add(entry.getKey());
                }
              });
    }

    JsonNode daily = dags.path("strata_daily");
    Map<String, String> layerTask = new HashMap<>();
    daily
        .path("tasks")
        .fields()
        .forEachRemaining(
            e -> {
              List<String> args = strings(e.getValue().path("application_args"));
              layerTask.put(
                  args.get(0).equals("freshness") ? "preflight" : args.get(args.size() - 1),
                  e.getKey());
            });
    assertThat(layerTask)
        .containsOnlyKeys("preflight", "layer:staging", "layer:intermediate", "layer:marts");
    List<List<String>> edges = new ArrayList<>();
    daily.path("edges").forEach(edge -> edges.add(strings(edge)));
    assertThat(edges)
        .containsExactlyInAnyOrder(
            List.of(layerTask.get("preflight"), layerTask.get("layer:staging")),
            List.of(layerTask.get("layer:staging"), layerTask.get("layer:intermediate")),
            List.of(layerTask.get("layer:intermediate"), layerTask.get("layer:marts")));
    assertThat(fullRefresh).containsExactly("full_refresh_fct_orders");
  }

  /** The DAGs as DAG_DUMP prints them, with STRATA_JAR and the given environment. */
  private static JsonNode dags(Map<String, String> env) throws IOException {
    Assumptions.assumeTrue(Scripts.onPath("python3"), "python3 is not on PATH");
    Path dag = Scripts.script("airflow/strata_daily.py");
    Map<String, String> all = new HashMap<>(env);
    all.put("STRATA_JAR", "/opt/strata/" + JAR_NAME);
    Scripts.Result result = Scripts.run(List.of("python3", "-c", DAG_DUMP, dag.toString()), all);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return JSON.readTree(result.output());
  }

  @Test
  void weeklyDagDiffsEachIncrementalMartAndRefreshesOnlyOnDrift() throws IOException {
    List<String> incrementalMarts =
        new ReferenceProject()
            .models().stream()
                .map(m -> m.spec())
                .filter(s -> s.layer() == Layer.MARTS && s.incremental().isPresent())
                .map(s -> s.name())
                .toList();
    assertThat(incrementalMarts).isNotEmpty();
    JsonNode weekly = dags(Map.of()).path("strata_weekly_full_refresh");
    List<List<String>> edges = new ArrayList<>();
    weekly.path("edges").forEach(edge -> edges.add(strings(edge)));
    List<List<String>> expected = new ArrayList<>();
    for (String model : incrementalMarts) {
      JsonNode diff = weekly.path("tasks").path("diff_" + model);
      List<String> diffArgs = strings(diff.path("application_args"));
      assertThat(parse(diffArgs)).isEqualTo("diff");
      assertThat(diffArgs).contains(model);
      assertThat(diff.path("retries").asInt()).isZero();
      JsonNode refresh = weekly.path("tasks").path("full_refresh_" + model);
      assertThat(strings(refresh.path("application_args")))
          .startsWith("build")
          .contains(model + "+", "--full-refresh");
      // Exit 1 (drift) fails the diff task; only then does the refresh run.
      assertThat(refresh.path("trigger_rule").asText()).isEqualTo("all_failed");
      expected.add(List.of("source_freshness", "diff_" + model));
      expected.add(List.of("diff_" + model, "full_refresh_" + model));
    }
    assertThat(edges).containsExactlyInAnyOrderElementsOf(expected);

    JsonNode always =
        dags(Map.of("STRATA_WEEKLY_ALWAYS_REFRESH", "1")).path("strata_weekly_full_refresh");
    assertThat(always.path("tasks").path("build_full_refresh").path("trigger_rule").asText())
        .isEqualTo("all_success");
    assertThat(strings(always.path("tasks").path("build_full_refresh").path("application_args")))
        .startsWith("build")
        .contains("--full-refresh")
        .doesNotContain("diff");
    assertThat(always.path("tasks").size()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local-cluster", "spark-submit", "emr-step.sh"})
  void scriptsPrintUsageOnDashH(String name) {
    Scripts.Result result = Scripts.run(List.of(Scripts.script(name).toString(), "-h"), Map.of());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).startsWith("Usage: ");
  }

  @Test
  void emrStepNeedsClusterIdAndJar(@TempDir Path bin) throws IOException {
    // An aws stand-in first on PATH: the real CLI is never called.
    Path record = bin.resolve("aws-call.txt");
    Path aws = bin.resolve("aws");
    Files.writeString(
        aws,
        "#!/usr/bin/env bash\n"
            + "echo \"$@\" > '"
            + record
            + "'\n"
            + "for a in \"$@\"; do case $a in file://*) cat \"${a#file://}\" >> '"
            + record
            + "';; esac; done\n");
    aws.toFile().setExecutable(true);
    String path = bin + ":" + System.getenv("PATH");
    String script = Scripts.script("emr-step.sh").toString();

    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    env.put("CLUSTER_ID", null);
    env.put("STRATA_JAR_S3", null);
    env.put("STRATA_DRY_RUN", null);
    Scripts.Result noCluster = Scripts.run(List.of(script), env);
    assertThat(noCluster.exitCode()).isNotZero();
    assertThat(noCluster.output()).contains("CLUSTER_ID is not set");

    env.put("CLUSTER_ID", "j-TEST");
    Scripts.Result noJar = Scripts.run(List.of(script), env);
    assertThat(noJar.exitCode()).isNotZero();
    assertThat(noJar.output()).contains("STRATA_JAR_S3 is not set");
    assertThat(record).doesNotExist();

    env.put("STRATA_JAR_S3", "s3://bucket/releases/" + JAR_NAME);
    Scripts.Result ok = Scripts.run(List.of(script, "layer:marts"), env);
    assertThat(ok.exitCode()).as(ok.output()).isZero();
    String call = Files.readString(record);
    assertThat(call.lines().findFirst().orElseThrow())
        .startsWith("emr add-steps --cluster-id j-TEST --steps file://");
    JsonNode steps = JSON.readTree(call.substring(call.indexOf('\n') + 1));
    List<String> args = strings(steps.get(0).path("Args"));
    int jar = args.indexOf("s3://bucket/releases/" + JAR_NAME);
    assertThat(jar).isPositive();
    List<String> appArgs = args.subList(jar + 1, args.size());
    assertThat(appArgs)
        .containsExactly(
            "build", "--conf", "strata.delta.internals=auto", "--profile", "emr", "layer:marts");
    assertParses(appArgs);
  }

  @Test
  void localClusterAndSparkSubmitNeedTheSparkJars(@TempDir Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("STRATA_PLATFORM_JARS", dir.resolve("missing").toString());
    env.put("STRATA_CLUSTER_DIR", dir.resolve("cluster").toString());
    Scripts.Result cluster =
        Scripts.run(List.of(Scripts.script("local-cluster").toString(), "start"), env);
    assertThat(cluster.exitCode()).isNotZero();
    assertThat(cluster.output()).contains("no Spark jars in STRATA_PLATFORM_JARS=");
    assertThat(dir.resolve("cluster/master.pid")).doesNotExist();

    Scripts.Result submit =
        Scripts.run(
            List.of(
                Scripts.script("spark-submit").toString(), "--class", MAIN_CLASS, "x.jar", "ls"),
            env);
    assertThat(submit.exitCode()).isNotZero();
    assertThat(submit.output()).contains("no Spark jars in STRATA_PLATFORM_JARS=");

    Scripts.Result unknown =
        Scripts.run(List.of(Scripts.script("local-cluster").toString(), "restart"), env);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown command 'restart'");
  }
}
