package io.aimengine.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Keeps sqlite-jdbc's native library extracted under {@code AIM_HOME/native/}, so each CLI run
 * loads it in place instead of unpacking a fresh copy into the temp directory (a measurable part of
 * a short command's start-up). Falls back silently to the driver's own extraction.
 */
final class SqliteNative {
  private SqliteNative() {}

  static synchronized void prepare(Path aimHome) {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    try {
      String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
      String lib = System.mapLibraryName("sqlitejdbc");
      String resource = "/org/sqlite/native/" + folder + "/" + lib;
      Path dir =
          aimHome
              .resolve("native")
              .resolve("sqlite-" + SQLiteJDBCLoader.getVersion())
              .resolve(folder);
      Path target = dir.resolve(lib);
      if (!Files.isRegularFile(target)) {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
          if (in == null) {
            return;
          }
          Files.createDirectories(dir);
          Path tmp = Files.createTempFile(dir, lib, ".tmp");
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      System.setProperty("org.sqlite.lib.path", dir.toString());
      System.setProperty("org.sqlite.lib.name", lib);
    } catch (IOException | RuntimeException e) {
      // the driver extracts its own copy
    }
  }
}
