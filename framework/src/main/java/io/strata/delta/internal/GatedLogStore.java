package io.strata.delta.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.warehouse.CommitGate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.delta.storage.DelegatingLogStore;
import scala.collection.Iterator;
import scala.collection.JavaConverters;

/**
 * Delta's default log store, which can hold a table's next commit until an audit running beside the
 * write decides it: write, audit, publish in one Delta transaction. The data files are written
 * while the audit runs; the commit file, which alone publishes them, is written only once the audit
 * passes, carrying the user metadata the audit settled. An audit that fails aborts the commit, and
 * the table stays at its version, its new files unreferenced until {@code VACUUM}.
 *
 * <p>The commit waits before Delta takes the table's commit lock, so the audit may read the table
 * meanwhile. Strata names it as Delta's log store on the internal path when the configuration names
 * no log store of its own; where another store is in place (a platform's own), or {@value
 * #COMMIT_LOCK_KEY} is set, commits cannot be held and builds audit before they write.
 */
public final class GatedLogStore extends DelegatingLogStore {
  /** Delta's setting that turns its commit lock on or off regardless of the log store. */
  static final String COMMIT_LOCK_KEY = "spark.databricks.delta.commitLock.enabled";

  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");
  private static final String COMMIT_INFO = "commitInfo";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadLocal<Held> HELD = new ThreadLocal<>();

  /** A held commit: the log it goes to, and the gate's answer once given (a retry reuses it). */
  private static final class Held {
    private final Path logPath;
    private final CommitGate gate;
    private String metadata;

    Held(Path logPath, CommitGate gate) {
      this.logPath = logPath;
      this.gate = gate;
    }

    boolean holds(Path path) {
      return COMMIT_FILE.matcher(path.getName()).matches() && isFor(path.getParent());
    }

    /** The same log, however its path is qualified (a catalog's location, a scheme's default). */
    boolean isFor(Path path) {
      return path != null
          && Path.getPathWithoutSchemeAndAuthority(logPath)
              .equals(Path.getPathWithoutSchemeAndAuthority(path));
    }

    String metadata() {
      if (metadata == null) {
        metadata = gate.userMetadata();
      }
      return metadata;
    }

    /** The answer given before Delta took the commit lock: waiting under it could deadlock. */
    String answered() {
      if (metadata == null) {
        throw new IllegalStateException(
            "Delta wrote a commit to "
                + logPath
                + " without asking the log store first, so its audit was not awaited");
      }
      return metadata;
    }
  }

  /** Delta's constructor for a log store named by {@code spark.delta.logStore.class}. */
  public GatedLogStore(SparkConf sparkConf, Configuration hadoopConf) {
    super(hadoopConf);
  }

  /**
   * Runs {@code write} on this thread, holding its commit to the Delta log at {@code logPath} until
   * {@code gate} answers; the gate's exception, when it throws, aborts the commit and reaches the
   * caller inside Delta's. A commit Delta retries after a conflict carries the same answer.
   */
  static void holding(Path logPath, CommitGate gate, Runnable write) {
    HELD.set(new Held(logPath, gate));
    try {
      write.run();
    } finally {
      HELD.remove();
    }
  }

  /**
   * Delta asks this of the table's log just before it takes the lock a commit holds (unless {@code
   * spark.databricks.delta.commitLock.enabled} is set): the held commit waits for its gate here, so
   * that an audit reading the table meanwhile does not wait for that lock.
   */
  @Override
  public boolean isPartialWriteVisible(Path path, Configuration hadoopConf) {
    awaitGate(path);
    return super.isPartialWriteVisible(path, hadoopConf);
  }

  @Override
  public boolean isPartialWriteVisible(Path path) {
    awaitGate(path);
    return super.isPartialWriteVisible(path);
  }

  private static void awaitGate(Path logPath) {
    Held held = HELD.get();
    if (held != null && held.isFor(logPath)) {
      held.metadata();
    }
  }

  @Override
  public void write(Path path, Iterator<String> actions, boolean overwrite) {
    super.write(path, gated(path, actions, overwrite), overwrite);
  }

  @Override
  public void write(
      Path path, Iterator<String> actions, boolean overwrite, Configuration hadoopConf) {
    super.write(path, gated(path, actions, overwrite), overwrite, hadoopConf);
  }

  private static Iterator<String> gated(Path path, Iterator<String> actions, boolean overwrite) {
    Held held = HELD.get();
    if (held == null || overwrite || !held.holds(path)) {
      return actions;
    }
    String metadata = held.answered();
    List<String> lines = new ArrayList<>();
    JavaConverters.asJavaIterator(actions)
        .forEachRemaining(line -> lines.add(withUserMetadata(line, metadata)));
    return JavaConverters.asScalaIterator(lines.iterator());
  }

  /** The action line with the commit's user metadata replaced, when it is the commit's info. */
  static String withUserMetadata(String line, String metadata) {
    if (!line.startsWith("{\"" + COMMIT_INFO + "\"")) {
      return line;
    }
    try {
      ObjectNode action = (ObjectNode) JSON.readTree(line);
      ((ObjectNode) action.get(COMMIT_INFO)).put("userMetadata", metadata);
      return JSON.writeValueAsString(action);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Delta wrote a commit info line that is not JSON: " + line, e);
    }
  }
}
