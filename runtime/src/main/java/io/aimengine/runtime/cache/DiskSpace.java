package io.aimengine.runtime.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space where the cache lives; the seam tests use to simulate a full disk. */
@FunctionalInterface
public interface DiskSpace {
  /** Bytes this process may still write under {@code dir} (or its nearest existing parent). */
  long usableBytes(Path dir) throws IOException;

  static DiskSpace system() {
    return dir -> {
      Path p = dir.toAbsolutePath();
      while (p != null && !Files.exists(p)) {
        p = p.getParent();
      }
      return p == null ? Long.MAX_VALUE : Files.getFileStore(p).getUsableSpace();
    };
  }
}
