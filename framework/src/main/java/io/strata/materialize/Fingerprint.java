package io.strata.materialize;

import io.strata.model.Model;
import io.strata.model.SqlModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A hash of the code and specs that compute a table: a change means its rows may differ. */
final class Fingerprint {
  private Fingerprint() {}

  static String of(List<Model> models) {
    MessageDigest digest = sha256();
    for (Model model : models) {
      digest.update(model.spec().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(classBytes(model.getClass()));
      if (model instanceof SqlModel sql) {
        digest.update(sql.sql().getBytes(StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  private static byte[] classBytes(Class<?> type) {
    String resource = type.getName().replace('.', '/') + ".class";
    ClassLoader loader = type.getClassLoader();
    try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
      return in == null ? type.getName().getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
    } catch (IOException e) {
      return type.getName().getBytes(StandardCharsets.UTF_8);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
