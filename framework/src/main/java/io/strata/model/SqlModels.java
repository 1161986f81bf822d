package io.strata.model;

import io.strata.error.Errors;
import io.strata.model.SqlFiles.SqlFile;
import io.strata.model.SqlRelations.Relation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a project's SQL models: the {@code .sql} files under {@code models/<layer>/} in the
 * classpath root its class comes from (its jar, or its classes directory), and under {@code
 * <dir>/<layer>/} of the directory given ({@code strata.project.sql-dir}).
 *
 * <p>Every file is parsed before anything runs: its header as HOCON, its query by Spark's parser,
 * whose tables become the model's inputs ({@code raw.x} a source, {@code layer.model} a ref). A
 * failure names the file (and the line where it has one) and is an invalid project (exit 3).
 */
public final class SqlModels {
  private SqlModels() {}

  /**
   * {@code project} with its SQL models beside its Java models, loaded and checked now; {@code
   * project} itself when it has none, or when it is already such a project.
   */
  public static Project withSqlModels(Project project, Optional<Path> dir) {
    if (project instanceof MixedProject) {
      return project;
    }
    List<SqlModel> sql = load(project, dir);
    if (sql.isEmpty()) {
      return project;
    }
    List<Model> all = new ArrayList<>(project.models());
    all.addAll(sql);
    return new MixedProject(project, all);
  }

  /** The SQL models of {@code project}, whose Java models and sources they may read. */
  public static List<SqlModel> load(Project project, Optional<Path> dir) {
    if (project instanceof MixedProject mixed) {
      return mixed.models().stream()
          .filter(SqlModel.class::isInstance)
          .map(SqlModel.class::cast)
          .toList();
    }
    List<SqlFile> files = SqlFiles.of(project.getClass(), dir);
    Map<String, String> fileOf = new HashMap<>();
    project.models().forEach(m -> fileOf.put(m.spec().name(), m.getClass().getName()));
    Map<String, Layer> models = new LinkedHashMap<>();
    project.models().forEach(m -> models.put(m.spec().name(), m.spec().layer()));
    Map<SqlFile, TableName> tables = new LinkedHashMap<>();
    for (SqlFile file : files) {
      TableName table = tableOf(file);
      String other = fileOf.putIfAbsent(table.table(), file.file());
      if (other != null) {
        throw Errors.sqlModelMisplaced(
            file.file(),
            "model " + table.table() + " is also defined by " + other,
            "Give each model one definition and a unique name.");
      }
      models.put(table.table(), table.layer());
      tables.put(file, table);
    }
    Set<TableName> sources =
        project.sources().stream().map(SourceSpec::table).collect(Collectors.toSet());
    List<SqlModel> loaded = new ArrayList<>();
    tables.forEach((file, table) -> loaded.add(parse(file, table, models, sources)));
    return loaded;
  }

  private static SqlModel parse(
      SqlFile file, TableName table, Map<String, Layer> models, Set<TableName> sources) {
    SqlHeader header = SqlHeader.parse(file.file(), file.text());
    List<Relation> relations = SqlRelations.of(file.file(), file.text());
    SqlInputs inputs = SqlInputs.of(file.file(), relations, models, sources);
    ModelSpec spec = SqlSpecs.of(table, header, inputs.refs(), inputs.sources());
    return new SqlModelFile(spec, file.text(), file.file());
  }

  private static TableName tableOf(SqlFile file) {
    String[] parts = file.relative().split("/");
    Optional<Layer> layer = parts.length == 2 ? Layer.parse(parts[0]) : Optional.empty();
    if (layer.isEmpty() || layer.get() == Layer.RAW || layer.get() == Layer.AUDIT) {
      throw Errors.sqlModelMisplaced(
          file.file(),
          "a SQL model lives directly under a layer's directory",
          "Move it to models/staging/, models/intermediate/ or models/marts/.");
    }
    String name = parts[1].substring(0, parts[1].length() - ".sql".length());
    if (layer.get().prefixes().stream().noneMatch(name::startsWith)) {
      throw Errors.sqlModelMisplaced(
          file.file(),
          "it is in the "
              + layer.get()
              + " directory, whose models' names start with "
              + String.join(" or ", layer.get().prefixes()),
          "Rename the file, or move it to the directory of its layer.");
    }
    try {
      return TableName.of(layer.get(), name);
    } catch (IllegalArgumentException e) {
      throw Errors.sqlModelMisplaced(
          file.file(), e.getMessage(), "Rename the file: its name is the model's.");
    }
  }

  /** A project with models added. */
  private record MixedProject(Project base, List<Model> models) implements Project {
    @Override
    public String name() {
      return base.name();
    }

    @Override
    public List<SourceSpec> sources() {
      return base.sources();
    }

    @Override
    public List<SingularTest> singularTests() {
      return base.singularTests();
    }
  }
}
