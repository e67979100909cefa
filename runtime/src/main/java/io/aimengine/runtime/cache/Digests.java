package io.aimengine.runtime.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash a blob's name promises: sha256 of the content for 64-hex etags (LFS/Xet files), git's
 * blob sha1 ({@code sha1("blob <size>\0" + content)}) for 40-hex etags (regular files).
 */
final class Digests {
  private Digests() {}

  /** A digest primed for content of {@code size} bytes that should hash to {@code etag}. */
  static MessageDigest forEtag(String etag, long size) {
    try {
      if (etag.length() == 64) {
        return MessageDigest.getInstance("SHA-256");
      }
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
      return md;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256/SHA-1", e);
    }
  }

  static String hex(MessageDigest md) {
    return HexFormat.of().formatHex(md.digest());
  }

  /** "sha256" or "git-sha1", for messages. */
  static String kind(String etag) {
    return etag.length() == 64 ? "sha256" : "git-sha1";
  }
}
