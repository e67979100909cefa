package io.aimengine.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Keeps sqlite-jdbc's native library extracted under {@code AIM_HOME/native/}, so each CLI run
 * loads it in place instead of unpacking a fresh copy into the temp directory (a measurable part of
 * a short command's start-up). Falls back silently to the driver's own extraction, which also
 * happens when the copy does not load here (the driver then tries its own).
 *
 * <p>The copy's directory is named after what the JVM reports ({@code os.name}, {@code os.arch}),
 * so finding it starts no process: the driver's {@link OSInfo} runs {@code uname -o} (~60 ms with
 * the process spawn helper) to choose the library, and is asked only when extracting.
 */
final class SqliteNative {
  private SqliteNative() {}

  static synchronized void prepare(Path aimHome) {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    locate(aimHome, OSInfo::getNativeLibFolderPathForCurrentOS)
        .ifPresent(
            lib ->
                properties(lib)
                    .forEach(
                        (k, v) -> {
                          // a temp directory the user chose is kept
                          if (!k.equals("org.sqlite.tmpdir") || System.getProperty(k) == null) {
                            System.setProperty(k, v);
                          }
                        }));
  }

  /**
   * The driver's properties for the library {@code lib}: its directory and name, and that directory
   * as the driver's temp directory. Before loading, the driver deletes its stale extractions
   * ({@code sqlite-VERSION-*}) from its temp directory, listing every entry of it: the system's
   * {@code /tmp} by default (~550 entries on the CI machine: ~18 ms of CPU, a third of opening the
   * store). The library's own directory holds one file. It is also where the driver would extract
   * its own copy should this one not load.
   */
  static Map<String, String> properties(Path lib) {
    return Map.of(
        "org.sqlite.lib.path", lib.getParent().toString(),
        "org.sqlite.lib.name", lib.getFileName().toString(),
        "org.sqlite.tmpdir", lib.getParent().toString());
  }

  /**
   * The library under {@code aimHome}, extracted from the driver's jar when missing.
   *
   * @param folder the driver's folder for this platform ({@code Linux/x86_64}), asked only when the
   *     library must be extracted
   * @return the library file, empty when it cannot be had (the driver then extracts its own)
   */
  static Optional<Path> locate(Path aimHome, Supplier<String> folder) {
    try {
      String lib = System.mapLibraryName("sqlitejdbc");
      Path dir =
          aimHome
              .resolve("native")
              .resolve("sqlite-" + SQLiteJDBCLoader.getVersion())
              .resolve(platform());
      Path target = dir.resolve(lib);
      if (Files.isRegularFile(target)) {
        return Optional.of(target);
      }
      String resource = "/org/sqlite/native/" + folder.get() + "/" + lib;
      try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
        if (in == null) {
          return Optional.empty();
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, lib, ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return Optional.of(target);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code os.name-os.arch} as a directory name ({@code Linux-amd64}). */
  static String platform() {
    return (System.getProperty("os.name", "unknown")
            + "-"
            + System.getProperty("os.arch", "unknown"))
        .replaceAll("[^A-Za-z0-9._-]", "_")
        .toLowerCase(Locale.ROOT);
  }
}
