package io.aimengine.core.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The seam between detection and the kernel's files: {@code /sys}, {@code /proc} and {@code /dev}
 * are read under this root ({@code /} in production, a {@code @TempDir} tree in tests, {@code
 * AIM_SYSFS_ROOT} when inspecting a copied node). Immutable.
 *
 * @param root the directory that stands for {@code /}
 */
public record SysfsRoot(Path root) {

  /** The real machine. */
  public static SysfsRoot system() {
    return new SysfsRoot(Path.of("/"));
  }

  /** The path under the root that stands for an absolute path such as {@code /sys/class/kfd}. */
  public Path resolve(String absolute) {
    String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
    return rel.isEmpty() ? root : root.resolve(rel);
  }

  /** A small text file's content, empty when it is missing or unreadable. */
  public Optional<String> read(String absolute) {
    try {
      return Optional.of(Files.readString(resolve(absolute), StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  public boolean exists(String absolute) {
    return Files.exists(resolve(absolute));
  }
}
