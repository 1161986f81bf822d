package io.strata.model;

import io.strata.error.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds SQL model files: {@code models/**.sql} in the classpath root (directory or jar) the project
 * class comes from, and {@code **.sql} in a directory of the configuration.
 */
final class SqlFiles {
  static final String ROOT = "models/";

  /** A file's label for messages, its path under the models root, and its text. */
  record SqlFile(String file, String relative, String text) {}

  private SqlFiles() {}

  static List<SqlFile> of(Class<?> project, Optional<Path> dir) {
    List<SqlFile> files = new ArrayList<>(classpath(project));
    dir.ifPresent(d -> files.addAll(directory(d, d.toString())));
    return files;
  }

  private static List<SqlFile> classpath(Class<?> project) {
    Optional<Path> root = codeRoot(project);
    if (root.isPresent() && Files.isDirectory(root.get())) {
      Path models = root.get().resolve(ROOT);
      return Files.isDirectory(models) ? relabel(directory(models, ROOT)) : List.of();
    }
    if (root.isPresent() && Files.isRegularFile(root.get())) {
      return jar(root.get());
    }
    ClassLoader loader = project.getClassLoader();
    if (loader != null && loader.getResource(ROOT) != null) {
      throw Errors.sqlModelsUnreadable(
          "the classpath of " + project.getName(),
          "its classes come from "
              + root.map(Path::toString).orElse("an unknown location")
              + ", which is neither a directory nor a jar, so its "
              + ROOT
              + " cannot be listed; give the directory with strata.project.sql-dir");
    }
    return List.of();
  }

  private static List<SqlFile> relabel(List<SqlFile> files) {
    return files.stream()
        .map(f -> new SqlFile(ROOT + f.relative(), f.relative(), f.text()))
        .toList();
  }

  private static Optional<Path> codeRoot(Class<?> project) {
    CodeSource source = project.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !"file".equals(location.getProtocol())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(location.toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<SqlFile> directory(Path dir, String label) {
    if (!Files.isDirectory(dir)) {
      throw Errors.sqlModelsUnreadable(label, "it is not a directory");
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<SqlFile> files = new ArrayList<>();
      for (Path path : paths.filter(SqlFiles::isSql).sorted().toList()) {
        String relative = dir.relativize(path).toString().replace('\\', '/');
        files.add(
            new SqlFile(path.toString(), relative, Files.readString(path, StandardCharsets.UTF_8)));
      }
      return files;
    } catch (IOException e) {
      throw Errors.sqlModelsUnreadable(label, e.toString());
    }
  }

  private static List<SqlFile> jar(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<SqlFile> files = new ArrayList<>();
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.isDirectory()
            && entry.getName().startsWith(ROOT)
            && entry.getName().endsWith(".sql")) {
          try (InputStream in = file.getInputStream(entry)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            files.add(new SqlFile(entry.getName(), entry.getName().substring(ROOT.length()), text));
          }
        }
      }
      files.sort(Comparator.comparing(SqlFile::relative));
      return files;
    } catch (IOException e) {
      throw Errors.sqlModelsUnreadable(jar.toString(), e.toString());
    }
  }

  private static boolean isSql(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".sql");
  }
}
