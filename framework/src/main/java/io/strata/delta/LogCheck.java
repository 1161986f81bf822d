package io.strata.delta;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.error.StrataException;
import io.strata.model.TableName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Finds the damage a path table's directory shows without a Spark job: a {@code _delta_log} that is
 * gone while data files remain, a newest commit file that is gone while its checksum file remains,
 * or a newest commit file that does not parse (truncated). One listing of the log and one read of
 * its newest commit file.
 *
 * <p>A newest commit deleted together with every checksum of it (Delta's {@code N.crc} and, on a
 * local disk, Hadoop's {@code .N.json.crc}) leaves no trace: the table reads as of the commit
 * before, as Delta itself would.
 */
final class LogCheck {
  private static final Pattern COMMIT = Pattern.compile("^(\\d{20})\\.json$");
  private static final Pattern CHECKSUM = Pattern.compile("^\\.?(\\d{20})\\.(?:crc|json\\.crc)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogCheck() {}

  /** The damage of the table at {@code dir}, or empty when it looks whole (or does not exist). */
  static Optional<StrataException> damage(FileSystem fs, Path dir, TableName table) {
    try {
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      Path log = new Path(dir, "_delta_log");
      if (!fs.exists(log)) {
        return hasDataFiles(fs, dir)
            ? Optional.of(
                TableFaults.broken(
                    table,
                    dir.toString(),
                    "its Delta log (_delta_log) is gone while its data files remain"))
            : Optional.empty();
      }
      return newestCommit(fs, log, table);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static Optional<StrataException> newestCommit(FileSystem fs, Path log, TableName table)
      throws IOException {
    long commit = -1;
    long checksum = -1;
    // A local file system hides Hadoop's checksum files from listings: list the raw one.
    FileSystem raw =
        fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checksummed
            ? checksummed.getRawFileSystem()
            : fs;
    for (FileStatus file : raw.listStatus(log)) {
      String name = file.getPath().getName();
      Matcher c = COMMIT.matcher(name);
      Matcher k = CHECKSUM.matcher(name);
      if (c.matches()) {
        commit = Math.max(commit, Long.parseLong(c.group(1)));
      } else if (k.matches()) {
        checksum = Math.max(checksum, Long.parseLong(k.group(1)));
      }
    }
    if (checksum > commit) {
      String missing = String.format("_delta_log/%020d.json", checksum);
      return Optional.of(
          TableFaults.broken(
              table,
              new Path(log, String.format("%020d.json", checksum)).toString(),
              "its newest commit file " + missing + " is gone while its checksum file remains"));
    }
    if (commit < 0) {
      return Optional.empty();
    }
    Path newest = new Path(log, String.format("%020d.json", commit));
    return parses(fs, newest)
        ? Optional.empty()
        : Optional.of(
            TableFaults.broken(
                table,
                newest.toString(),
                String.format(
                    "its newest commit file _delta_log/%020d.json is truncated or does not match"
                        + " its checksum",
                    commit)));
  }

  /** Whether every line of a commit file is a whole JSON object (and its checksum matches). */
  private static boolean parses(FileSystem fs, Path commit) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
      int lines = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          JSON.readTree(line);
          lines++;
        }
      }
      return lines > 0;
    } catch (IOException e) {
      // Jackson's parse errors and Hadoop's ChecksumException are IOExceptions.
      return false;
    }
  }

  private static boolean hasDataFiles(FileSystem fs, Path dir) throws IOException {
    RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      if (files.next().getPath().getName().endsWith(".parquet")) {
        return true;
      }
    }
    return false;
  }
}
