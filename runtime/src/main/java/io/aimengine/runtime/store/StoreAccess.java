package io.aimengine.runtime.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/**
 * Why the state database cannot be written, in the words users need: {@code AIM_HOME} on a
 * read-only file system (or without write permission), or a full disk. SQLite reports these as
 * SQLITE_READONLY, SQLITE_CANTOPEN (the {@code -shm} file cannot be made), SQLITE_FULL or
 * SQLITE_IOERR_SHMSIZE (the {@code -shm} file cannot grow); the file system is asked which it is.
 */
final class StoreAccess {
  /** Below this many usable bytes a write failure is called "disk full". */
  static final long FULL_BELOW = 1 << 20;

  private StoreAccess() {}

  /** "read-only (...)", "disk full (...)", or null when the failure is something else. */
  static String notWritable(Path aimHome, SQLException e) {
    int code = e.getErrorCode();
    String msg = e.getMessage() == null ? "" : e.getMessage();
    boolean storage =
        code == SQLiteErrorCode.SQLITE_READONLY.code
            || code == SQLiteErrorCode.SQLITE_CANTOPEN.code
            || code == SQLiteErrorCode.SQLITE_FULL.code
            || code == SQLiteErrorCode.SQLITE_IOERR.code
            || msg.contains("SQLITE_IOERR")
            || msg.contains("SQLITE_READONLY")
            || msg.contains("SQLITE_CANTOPEN")
            || msg.contains("SQLITE_FULL");
    if (!storage) {
      return null;
    }
    if (readOnly(aimHome) || code == SQLiteErrorCode.SQLITE_READONLY.code) {
      return "read-only (AIM_HOME " + aimHome + " cannot be written)";
    }
    if (code == SQLiteErrorCode.SQLITE_FULL.code || msg.contains("SHMSIZE") || full(aimHome)) {
      return "disk full (no space left under AIM_HOME " + aimHome + ")";
    }
    return null;
  }

  static boolean readOnly(Path dir) {
    try {
      FileStore fs = Files.getFileStore(dir);
      return fs.isReadOnly() || !Files.isWritable(dir);
    } catch (IOException e) {
      return false;
    }
  }

  static boolean full(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace() < FULL_BELOW;
    } catch (IOException e) {
      return false;
    }
  }
}
