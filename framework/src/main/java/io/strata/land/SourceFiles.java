package io.strata.land;

import io.strata.error.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The files an input names, through Hadoop's file systems (local paths and URIs alike): the file
 * itself, or the files of a directory whose extension is the input's format.
 */
final class SourceFiles {
  private SourceFiles() {}

  /**
   * What a path names.
   *
   * @param directory whether the path is a directory
   * @param files the files to land, by name
   * @param ignored the directory's other entries (other extensions, subdirectories); hidden ones
   *     ({@code _SUCCESS}, {@code .crc}) are left out
   */
  record Listing(boolean directory, List<String> files, List<String> ignored) {}

  static Listing list(SparkSession spark, String location, InputFormat format) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw Errors.unreadableInput(location, "no such file, or it cannot be read");
      }
      if (!fs.getFileStatus(path).isDirectory()) {
        return new Listing(false, List.of(location), List.of());
      }
      return listDirectory(fs, path, location, format);
    } catch (IOException e) {
      throw Errors.unreadableInput(location, "it cannot be listed: " + e.getMessage());
    }
  }

  private static Listing listDirectory(
      FileSystem fs, Path path, String location, InputFormat format) throws IOException {
    List<String> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    String prefix = location.endsWith("/") ? location : location + "/";
    for (FileStatus entry : fs.listStatus(path)) {
      String name = entry.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      boolean lands = entry.isFile() && format.named(name);
      (lands ? files : ignored).add(prefix + name + (entry.isDirectory() ? "/" : ""));
    }
    files.sort(null);
    ignored.sort(null);
    if (files.isEmpty()) {
      throw Errors.unreadableInput(
          location,
          "the directory holds no "
              + format.extensionList()
              + " files (--format "
              + format.name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
    return new Listing(true, List.copyOf(files), List.copyOf(ignored));
  }

  /** The SHA-256 of the file's bytes, in hex. */
  static String sha256(SparkSession spark, String file) {
    Path path = new Path(file);
    try (InputStream in =
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw Errors.unreadableInput(file, "it cannot be read: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
