package io.strata.materialize;

import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.model.SqlModel;
import io.strata.model.Threshold;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.parser.UpperCaseCharStream;
import org.apache.xbean.asm9.ClassReader;
import org.apache.xbean.asm9.ClassVisitor;
import org.apache.xbean.asm9.ClassWriter;
import org.apache.xbean.asm9.Opcodes;

/**
 * Hashes of what computes a model's rows: an edit that cannot change rows (a comment, formatting, a
 * description, tags) keeps the hash; a change of code or of the spec's row-shaping parts changes
 * it.
 *
 * <ul>
 *   <li>Java code: the bytecode of the model's class, of its superclasses and of their nested,
 *       anonymous and local classes (lambdas are methods of the class), without debug attributes
 *       (line numbers, local variable names, source file), rewritten by ASM so that the constant
 *       pool holds only what the code uses.
 *   <li>SQL text ({@link #forSql}; a {@link SqlModel}'s query, its header being a comment): Spark's
 *       SQL lexer tokens, comments and whitespace dropped, keywords in upper case; identifiers and
 *       literals as written.
 *   <li>The spec: a canonical form without descriptions, column documentation, tags, the tests that
 *       only check rows and the code-change policy itself.
 * </ul>
 */
public final class Fingerprint {
  private static final Map<Class<?>, String> CLASSES = new ConcurrentHashMap<>();

  private Fingerprint() {}

  /** The hash of SQL text by its tokens: comments, whitespace and keyword case do not count. */
  public static String forSql(String sql) {
    SqlBaseLexer lexer = new SqlBaseLexer(new UpperCaseCharStream(CharStreams.fromString(sql)));
    lexer.removeErrorListeners();
    StringBuilder tokens = new StringBuilder();
    for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
      if (token.getChannel() == Token.DEFAULT_CHANNEL) {
        tokens.append(canonical(token)).append('\u0000');
      }
    }
    return hash(tokens.toString());
  }

  /** A keyword or symbol as the grammar spells it; any other token as written. */
  private static String canonical(Token token) {
    String literal = SqlBaseLexer.VOCABULARY.getLiteralName(token.getType());
    return literal == null ? token.getText() : literal.toUpperCase(Locale.ROOT);
  }

  /** The hash of one model's code and of the parts of its spec that shape its rows. */
  public static String of(Model model) {
    String code = model instanceof SqlModel sql ? forSql(sql.sql()) : ofClass(model.getClass());
    return hash(canonicalSpec(model.spec()) + "\n" + code);
  }

  /** Each model's hash, by name. */
  static Map<String, String> of(List<Model> models) {
    Map<String, String> code = new TreeMap<>();
    models.forEach(model -> code.put(model.spec().name(), of(model)));
    return code;
  }

  /**
   * The hash a build compares to decide whether a table stands for what it would build now: the
   * code of every model computing the rows and the model's own tests (a new test must run).
   */
  static String combined(Map<String, String> code, ModelSpec spec) {
    return hash(new TreeMap<>(code) + "\n" + spec.tests());
  }

  /**
   * The hash commits recorded before per-model hashes existed: every spec's text and class file as
   * they are; compared only with such commits.
   */
  static String legacy(List<Model> models) {
    MessageDigest digest = sha256();
    for (Model model : models) {
      digest.update(model.spec().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(classFile(model.getClass()).orElse(nameBytes(model.getClass())));
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  /** The hash of a class's bytecode and of its nested classes', without debug attributes. */
  static String ofClass(Class<?> type) {
    return CLASSES.computeIfAbsent(type, Fingerprint::hashClass);
  }

  /** The class, its nested classes and its superclasses up to the JDK's. */
  private static String hashClass(Class<?> type) {
    MessageDigest digest = sha256();
    TreeSet<String> seen = new TreeSet<>();
    for (Class<?> c = type; c != null && isUserCode(c); c = c.getSuperclass()) {
      addClass(c.getName().replace('.', '/'), c.getClassLoader(), digest, seen);
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  private static boolean isUserCode(Class<?> type) {
    return type.getClassLoader() != null && !type.getName().startsWith("java.");
  }

  private static void addClass(
      String internalName, ClassLoader loader, MessageDigest digest, TreeSet<String> seen) {
    if (!seen.add(internalName)) {
      return;
    }
    Optional<byte[]> file = resource(loader, internalName + ".class");
    if (file.isEmpty()) {
      digest.update(internalName.getBytes(StandardCharsets.UTF_8));
      return;
    }
    ClassReader reader = new ClassReader(file.get());
    ClassWriter writer = new ClassWriter(0);
    TreeSet<String> nested = new TreeSet<>();
    reader.accept(new NestedClasses(writer, internalName, nested), ClassReader.SKIP_DEBUG);
    digest.update(writer.toByteArray());
    nested.forEach(name -> addClass(name, loader, digest, seen));
  }

  /** Copies a class, collecting the classes nested in it (by name, {@code Outer$...}). */
  private static final class NestedClasses extends ClassVisitor {
    private final String outer;
    private final TreeSet<String> nested;

    NestedClasses(ClassVisitor next, String outer, TreeSet<String> nested) {
      super(Opcodes.ASM9, next);
      this.outer = outer;
      this.nested = nested;
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
      if (name.startsWith(outer + "$")) {
        nested.add(name);
      }
      super.visitInnerClass(name, outerName, innerName, access);
    }
  }

  static String canonicalSpec(ModelSpec spec) {
    return String.join(
        "\n",
        spec.table().toString(),
        spec.materialization().id(),
        spec.incremental().map(Fingerprint::canonical).orElse(""),
        spec.snapshot().map(Fingerprint::canonical).orElse(""),
        spec.refs().toString(),
        spec.sources().toString(),
        spec.partitionBy().toString(),
        spec.tests().stream()
            .filter(DataTest::quarantines)
            .map(Fingerprint::canonical)
            .toList()
            .toString());
  }

  private static String canonical(IncrementalSpec spec) {
    return new IncrementalSpec(
            spec.uniqueKey(),
            spec.orderBy(),
            spec.eventTime(),
            spec.lookback(),
            spec.loadedAt(),
            spec.onSchemaChange(),
            spec.deletionVectors(),
            Optional.empty())
        .toString();
  }

  private static String canonical(SnapshotSpec spec) {
    return new SnapshotSpec(
            spec.uniqueKey(),
            spec.updatedAt(),
            spec.checkColumns(),
            spec.loadedAt(),
            spec.invalidateHardDeletes(),
            Optional.empty())
        .toString();
  }

  /** A quarantine rule: which rows it keeps out, not how many it tolerates. */
  private static String canonical(DataTest test) {
    return new DataTest(
            test.name(),
            test.kind(),
            test.columns(),
            test.values(),
            test.reference(),
            test.min(),
            test.max(),
            test.predicate(),
            Optional.empty(),
            Threshold.ANY,
            true)
        .toString();
  }

  private static Optional<byte[]> classFile(Class<?> type) {
    return resource(type.getClassLoader(), type.getName().replace('.', '/') + ".class");
  }

  private static Optional<byte[]> resource(ClassLoader loader, String name) {
    ClassLoader from = loader == null ? ClassLoader.getSystemClassLoader() : loader;
    try (InputStream in = from.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] nameBytes(Class<?> type) {
    return type.getName().getBytes(StandardCharsets.UTF_8);
  }

  private static String hash(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
