package io.strata.graph;

import io.strata.error.Errors;
import io.strata.model.Project;
import io.strata.model.SqlModels;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the project to build: a named class, or the one registered with the service loader. */
public final class Projects {
  private Projects() {}

  /**
   * The project with its SQL models ({@link SqlModels}) beside its Java models, checked.
   *
   * @param className fully qualified class with a public no-argument constructor; empty to use
   *     {@code META-INF/services/io.strata.model.Project}
   * @param sqlDir a directory of more SQL models ({@code <layer>/<name>.sql}); empty for none
   */
  public static Project load(String className, String sqlDir) {
    return SqlModels.withSqlModels(
        load(className), sqlDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(sqlDir)));
  }

  /**
   * @param className fully qualified class with a public no-argument constructor; empty to use
   *     {@code META-INF/services/io.strata.model.Project}
   */
  public static Project load(String className) {
    if (!className.isEmpty()) {
      return instantiate(className);
    }
    List<Project> found =
        ServiceLoader.load(Project.class).stream().map(ServiceLoader.Provider::get).toList();
    if (found.isEmpty()) {
      throw Errors.noProject("no class implements io.strata.model.Project on the classpath");
    }
    if (found.size() > 1) {
      throw Errors.noProject(
          "several projects are registered ("
              + found.stream().map(p -> p.getClass().getName()).toList()
              + "), so strata.project.class must name one");
    }
    return found.get(0);
  }

  private static Project instantiate(String className) {
    try {
      Class<?> type =
          Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!Project.class.isAssignableFrom(type)) {
        throw Errors.noProject(className + " does not implement io.strata.model.Project");
      }
      return (Project) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw Errors.noProject("class " + className + " is not on the classpath");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw Errors.noProject("cannot create " + className + ": " + cause);
    }
  }
}
