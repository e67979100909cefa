package io.aimengine.runtime.cache;

import io.aimengine.testsupport.HubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** Writes a model into a cache directly through the layout, as a finished pull leaves it. */
final class Seed {
  private Seed() {}

  static String model(HubCache layout, String id, Map<String, byte[]> files) throws IOException {
    RepoId repo = RepoId.of(id);
    String commit = HubServer.sha1Hex(id.getBytes(StandardCharsets.UTF_8));
    for (var e : files.entrySet()) {
      String etag = etag(e.getKey(), e.getValue());
      Path blob = layout.blob(repo, etag);
      Files.createDirectories(blob.getParent());
      Files.write(blob, e.getValue());
      layout.link(repo, commit, e.getKey(), etag);
    }
    layout.writeRef(repo, "main", commit);
    return commit;
  }

  /** A small complete model: config, one weights file. */
  static String tiny(HubCache layout, String id, int weightBytes) throws IOException {
    return model(
        layout,
        id,
        Map.of(
            "config.json", CacheFixture.utf8("{\"model_type\":\"llama\"}"),
            "model.safetensors", HubServer.bytes(weightBytes, id.hashCode())));
  }

  /** Sets when the model was last pulled or prepared, as the layout records it. */
  static void touched(HubCache layout, String id, Instant when) throws IOException {
    RepoId repo = RepoId.of(id);
    String commit = layout.readRef(repo, "main").orElseThrow();
    Files.setLastModifiedTime(layout.snapshotDir(repo, commit), FileTime.from(when));
    Files.setLastModifiedTime(layout.repoDir(repo).resolve("refs/main"), FileTime.from(when));
  }

  static String etag(String path, byte[] data) {
    try {
      if (path.endsWith(".safetensors")) {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
      }
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
