package io.strata.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.run.RunArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Each model's latest result and each of its tests' latest result, from the run results builds
 * leave under the target directory: the newest run that built the model, and the newest that ran
 * each test (a build of a few models, or one that found nothing new and ran no test, leaves earlier
 * results standing).
 */
final class TestRecords {
  /** How many of the newest runs are read at most. */
  static final int RUNS_READ = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, JsonNode> latest;
  private final Map<String, Map<String, JsonNode>> tests;

  private TestRecords(Map<String, JsonNode> latest, Map<String, Map<String, JsonNode>> tests) {
    this.latest = Map.copyOf(latest);
    this.tests = Map.copyOf(tests);
  }

  /** The records under {@code targetDir}; none when no build wrote there. */
  static TestRecords read(Path targetDir) {
    Map<String, JsonNode> latest = new HashMap<>();
    Map<String, Map<String, JsonNode>> tests = new HashMap<>();
    for (Path file : newestFirst(targetDir)) {
      JsonNode run = parse(file);
      String finishedAt = run.path("finished_at").asText();
      for (JsonNode result : run.path("results")) {
        String model = result.path("model").asText();
        latest.putIfAbsent(model, ((ObjectNode) result).put("finished_at", finishedAt));
        Map<String, JsonNode> byName = tests.computeIfAbsent(model, m -> new LinkedHashMap<>());
        for (JsonNode test : result.path("tests")) {
          byName.putIfAbsent(
              test.path("test").asText(), ((ObjectNode) test).put("finished_at", finishedAt));
        }
      }
    }
    return new TestRecords(latest, tests);
  }

  /**
   * The model's latest result as {@code run_results.json} holds it (status, message), with the
   * run's {@code finished_at}.
   */
  Optional<JsonNode> latest(String table) {
    return Optional.ofNullable(latest.get(table));
  }

  /**
   * The latest result of each test of the model, by test name in the order first met (with the
   * {@code finished_at} of the run that ran it).
   */
  Map<String, JsonNode> tests(String table) {
    return tests.getOrDefault(table, Map.of());
  }

  private static List<Path> newestFirst(Path targetDir) {
    Path runs = targetDir.resolve(RunArtifacts.RUNS);
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(runs)) {
      try (Stream<Path> listed = Files.list(runs)) {
        listed
            .filter(p -> p.getFileName().toString().endsWith(".json"))
            .sorted(Comparator.comparing(TestRecords::modified).reversed())
            .limit(RUNS_READ)
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + runs, e);
      }
    }
    Path single = targetDir.resolve(RunArtifacts.RUN_RESULTS);
    if (files.isEmpty() && Files.isRegularFile(single)) {
      files.add(single);
    }
    return files;
  }

  private static java.nio.file.attribute.FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
