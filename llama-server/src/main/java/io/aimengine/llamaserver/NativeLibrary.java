package io.aimengine.llamaserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where de.kherud:llama loads its native library from. Left alone, its {@code LlamaLoader} extracts
 * {@code libjllama.so} to {@code java.io.tmpdir} under one fixed name, overwriting the file other
 * running servers have mapped (SIGBUS when several start at once), and in a world-writable
 * directory where anyone can plant a library first. Here the library is extracted once per content
 * into a private directory, {@code <root>/jllama-<sha256 prefix>/libjllama.so}: written to a temp
 * file beside it and renamed into place atomically, and its SHA-256 checked on every start (a file
 * that does not match is replaced by rename, never rewritten in place, so a running server keeps
 * its mapping). The loader is pointed there with its {@code de.kherud.llama.lib.path} and {@code
 * de.kherud.llama.tmpdir} properties (the latter also confines its start-up clean-up).
 *
 * <p>The root is {@code -Daim.llama.nativeDir} (the CLI passes {@code $AIM_HOME/native}); without
 * it, a new private temp directory of this process.
 */
final class NativeLibrary {
  static final String DIR_PROPERTY = "aim.llama.nativeDir";

  private NativeLibrary() {}

  /** Prepares the library and sets the loader's properties; returns the library, null if none. */
  static Path prepare() {
    String resource = resource();
    if (resource == null) {
      return null; // not Linux: the loader's own search applies
    }
    byte[] lib;
    try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      lib = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String root = System.getProperty(DIR_PROPERTY);
      Path base =
          root != null
              ? privateDir(Path.of(root))
              : Files.createTempDirectory(
                  "aim-llama-",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rwx------")));
      String sha = sha256(lib);
      Path dir = privateDir(base.resolve("jllama-" + sha.substring(0, 16)));
      Path so = dir.resolve("libjllama.so");
      if (!Files.isRegularFile(so, LinkOption.NOFOLLOW_LINKS)
          || !sha256(Files.readAllBytes(so)).equals(sha)) {
        Path tmp = Files.createTempFile(dir, ".libjllama-", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer b = ByteBuffer.wrap(lib);
          while (b.hasRemaining()) {
            ch.write(b);
          }
          ch.force(true);
        }
        Files.move(tmp, so, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      System.setProperty("de.kherud.llama.lib.path", dir.toString());
      System.setProperty("de.kherud.llama.tmpdir", dir.toString());
      return so;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the native library: " + e.getMessage(), e);
    }
  }

  /** Creates {@code dir} (owner-only) when missing; refuses a symlink in its place. */
  private static Path privateDir(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link; refusing to load a library through it");
    }
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory");
    }
    return dir;
  }

  /** The library inside the jar for this OS and architecture, null when not Linux. */
  static String resource() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return null;
    }
    String arch =
        switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch64";
          default -> null;
        };
    return arch == null ? null : "/de/kherud/llama/Linux/" + arch + "/libjllama.so";
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
