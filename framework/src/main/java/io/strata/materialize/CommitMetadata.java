package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * What a model's Delta commit was built from, stored in that same commit's user metadata.
 *
 * <p>Because it is written by the commit that publishes the data, the watermark can never disagree
 * with the table: a crash before the commit leaves both as they were, a crash after it leaves both
 * advanced. Raw inputs are recorded by Delta version, which is totally ordered even when two
 * landings run at once.
 *
 * @param sources Delta version of each raw source read, through views, up to which rows are in
 * @param upstream Delta version of each persisted model read
 * @param fingerprint hash of the code and specs that computed the rows
 * @param tested the model's data tests ran before the commit (false when {@code strata run}
 *     published it untested)
 * @param singularPasses the singular tests that passed against the table as this commit publishes
 *     it, by name: each with what it read besides this table (see {@link SingularGate})
 * @param uniqueKeySince for an incremental model, present when the table holds one row per merge
 *     key as this commit leaves it, provided that no commit after this version other than this one
 *     changed rows (see {@link KeyUniqueness})
 * @param code the hash of each model whose code computed the rows (the model and every model
 *     upstream of it), by name (see {@link Fingerprint}); empty in commits made before it was kept
 * @param forwardOnly the models whose code change this commit accepted forward-only: rows merged
 *     from then on have the new code, rows merged before keep the old one
 */
public record CommitMetadata(
    String model,
    Map<String, Long> sources,
    Map<String, Long> upstream,
    String fingerprint,
    boolean tested,
    Map<String, String> singularPasses,
    OptionalLong uniqueKeySince,
    Map<String, String> code,
    List<String> forwardOnly) {
  static final String KEY = "strata";
  private static final ObjectMapper JSON = new ObjectMapper();

  public CommitMetadata {
    requireNonNull(model, "model is null");
    sources = Map.copyOf(new TreeMap<>(requireNonNull(sources, "sources is null")));
    upstream = Map.copyOf(new TreeMap<>(requireNonNull(upstream, "upstream is null")));
    requireNonNull(fingerprint, "fingerprint is null");
    singularPasses =
        Map.copyOf(new TreeMap<>(requireNonNull(singularPasses, "singularPasses is null")));
    requireNonNull(uniqueKeySince, "uniqueKeySince is null");
    code = Map.copyOf(new TreeMap<>(requireNonNull(code, "code is null")));
    forwardOnly = List.copyOf(requireNonNull(forwardOnly, "forwardOnly is null"));
  }

  /** Metadata of a commit no singular test checked. */
  public CommitMetadata(
      String model,
      Map<String, Long> sources,
      Map<String, Long> upstream,
      String fingerprint,
      boolean tested) {
    this(
        model,
        sources,
        upstream,
        fingerprint,
        tested,
        Map.of(),
        OptionalLong.empty(),
        Map.of(),
        List.of());
  }

  /** The same inputs, for a commit that passed these singular tests. */
  CommitMetadata withSingularPasses(Map<String, String> passes) {
    return new CommitMetadata(
        model, sources, upstream, fingerprint, tested, passes, uniqueKeySince, code, forwardOnly);
  }

  /**
   * The same inputs, for a commit that leaves one row per merge key (see {@link KeyUniqueness}).
   */
  CommitMetadata withUniqueKeySince(OptionalLong since) {
    return new CommitMetadata(
        model, sources, upstream, fingerprint, tested, singularPasses, since, code, forwardOnly);
  }

  /** The same inputs, with the hash of each model whose code computes the rows. */
  CommitMetadata withCode(Map<String, String> hashes) {
    return new CommitMetadata(
        model,
        sources,
        upstream,
        fingerprint,
        tested,
        singularPasses,
        uniqueKeySince,
        hashes,
        forwardOnly);
  }

  /** The same inputs, for a commit that accepts these models' code changes forward-only. */
  CommitMetadata withForwardOnly(List<String> models) {
    return new CommitMetadata(
        model,
        sources,
        upstream,
        fingerprint,
        tested,
        singularPasses,
        uniqueKeySince,
        code,
        models);
  }

  /** Metadata of a commit whose data tests ran. */
  public CommitMetadata(
      String model, Map<String, Long> sources, Map<String, Long> upstream, String fingerprint) {
    this(model, sources, upstream, fingerprint, true);
  }

  /**
   * Whether a table committed with this metadata can stand for one built with {@code wanted}: the
   * same inputs and code, and tested when {@code wanted} asks for tests.
   */
  boolean covers(CommitMetadata wanted) {
    return new CommitMetadata(model, sources, upstream, fingerprint)
            .equals(
                new CommitMetadata(
                    wanted.model, wanted.sources, wanted.upstream, wanted.fingerprint))
        && (tested || !wanted.tested);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode strata = root.putObject(KEY);
    strata.put("model", model);
    strata.put("fingerprint", fingerprint);
    ObjectNode src = strata.putObject("sources");
    new TreeMap<>(sources).forEach(src::put);
    ObjectNode up = strata.putObject("upstream");
    new TreeMap<>(upstream).forEach(up::put);
    if (!tested) {
      strata.put("tested", false);
    }
    if (!singularPasses.isEmpty()) {
      ObjectNode passes = strata.putObject("singular_passed");
      new TreeMap<>(singularPasses).forEach(passes::put);
    }
    uniqueKeySince.ifPresent(since -> strata.put("unique_key_since", since));
    if (!code.isEmpty()) {
      ObjectNode hashes = strata.putObject("code");
      new TreeMap<>(code).forEach(hashes::put);
    }
    if (!forwardOnly.isEmpty()) {
      forwardOnly.forEach(strata.putArray("forward_only")::add);
    }
    return root.toString();
  }

  /** Parses user metadata written by {@link #toJson()}; empty for anything else. */
  public static Optional<CommitMetadata> parse(String userMetadata) {
    try {
      JsonNode strata = JSON.readTree(userMetadata).get(KEY);
      if (strata == null || !strata.has("model")) {
        return Optional.empty();
      }
      return Optional.of(
          new CommitMetadata(
              strata.get("model").asText(),
              versions(strata.get("sources")),
              versions(strata.get("upstream")),
              strata.path("fingerprint").asText(""),
              strata.path("tested").asBoolean(true),
              texts(strata.get("singular_passed")),
              strata.hasNonNull("unique_key_since")
                  ? OptionalLong.of(strata.get("unique_key_since").asLong())
                  : OptionalLong.empty(),
              texts(strata.get("code")),
              names(strata.get("forward_only"))));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The metadata of the newest commit Strata made to the model's table. */
  public static Optional<CommitMetadata> latest(
      SparkSession spark, Warehouse warehouse, TableName table) {
    return warehouse
        .commits(spark, table)
        .flatMap(commit -> commit.userMetadata().flatMap(CommitMetadata::parse).stream())
        .filter(m -> m.model().equals(table.toString()))
        .findFirst();
  }

  private static List<String> names(JsonNode node) {
    List<String> result = new java.util.ArrayList<>();
    if (node != null) {
      node.forEach(name -> result.add(name.asText()));
    }
    return result;
  }

  private static Map<String, String> texts(JsonNode node) {
    Map<String, String> result = new TreeMap<>();
    if (node != null) {
      node.fields()
          .forEachRemaining(field -> result.put(field.getKey(), field.getValue().asText()));
    }
    return result;
  }

  private static Map<String, Long> versions(JsonNode node) {
    Map<String, Long> result = new TreeMap<>();
    if (node != null) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        result.put(field.getKey(), field.getValue().asLong());
      }
    }
    return result;
  }
}
