package io.strata.materialize;

import io.strata.model.Layer;
import io.strata.model.TableName;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Rewrites {@code layer.table} names in Spark SQL text to the temporary views that hold them.
 *
 * <p>String literals, quoted identifiers and comments are left alone; a name is only rewritten
 * where its first part is a layer and it is not itself qualified ({@code x.raw.orders}).
 */
final class SqlNames {
  private SqlNames() {}

  /** A column name quoted for Spark: {@code `a``b`} for {@code a`b}. */
  static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** Each column, quoted, as a Spark column. */
  static Column[] columns(List<String> names) {
    return names.stream().map(n -> functions.col(quoted(n))).toArray(Column[]::new);
  }

  /** The names as a Scala sequence, for Spark's join on columns of the same name. */
  static Seq<String> seq(List<String> names) {
    return JavaConverters.asScalaBuffer(names).toList();
  }

  /** The temporary view name Strata registers for a table. */
  static String viewName(TableName table) {
    return "__strata_" + table.layer().id() + "__" + table.table();
  }

  /**
   * Replaces every {@code layer.table} with {@code resolve}'s answer; {@code resolve} may throw to
   * reject a name.
   */
  static String rewrite(String sql, Function<TableName, String> resolve) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = skipQuoted(sql, i, c);
      } else if (sql.startsWith("--", i)) {
        end = skipTo(sql, i, "\n");
      } else if (sql.startsWith("/*", i)) {
        end = skipTo(sql, i, "*/");
      } else if (isIdentifierStart(c) && (i == 0 || !isQualifier(sql.charAt(i - 1)))) {
        end = identifierChainEnd(sql, i);
        Optional<TableName> table = asTable(sql.substring(i, end));
        if (table.isPresent() && (end >= sql.length() || sql.charAt(end) != '.')) {
          out.append(resolve.apply(table.get()));
          i = end;
          continue;
        }
      } else {
        end = i + 1;
      }
      out.append(sql, i, end);
      i = end;
    }
    return out.toString();
  }

  private static Optional<TableName> asTable(String chain) {
    int dot = chain.indexOf('.');
    if (dot < 0 || chain.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    if (Layer.parse(chain.substring(0, dot)).isEmpty()) {
      return Optional.empty();
    }
    return TableName.tryParse(chain.toLowerCase(java.util.Locale.ROOT));
  }

  private static int identifierChainEnd(String sql, int start) {
    int i = start;
    while (i < sql.length()
        && (isIdentifierPart(sql.charAt(i))
            || (sql.charAt(i) == '.'
                && i + 1 < sql.length()
                && isIdentifierStart(sql.charAt(i + 1))))) {
      i++;
    }
    return i;
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int skipTo(String sql, int start, String terminator) {
    int found = sql.indexOf(terminator, start + 2);
    return found < 0 ? sql.length() : found + terminator.length();
  }

  private static boolean isQualifier(char c) {
    return c == '.' || isIdentifierPart(c);
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
