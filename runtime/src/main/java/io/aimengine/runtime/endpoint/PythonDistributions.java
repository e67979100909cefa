package io.aimengine.runtime.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The version of a Python distribution (vLLM, SGLang) installed for the interpreter an engine's
 * command runs with, read from the installed metadata ({@code NAME-VERSION.dist-info/METADATA},
 * else {@code .egg-info/PKG-INFO}) without starting Python, which costs seconds for vLLM. The
 * interpreter is the command itself (python3) or the one its {@code #!} line names (a console
 * script such as {@code /usr/local/bin/vllm}, also through {@code /usr/bin/env}); the metadata is
 * looked for where that interpreter's prefix keeps packages: {@code lib/python3.X/site-packages}
 * (virtual environments, conda, source builds), {@code lib/python3/dist-packages} and {@code
 * local/lib/python3.X/dist-packages} (Debian and Ubuntu). Stateless.
 */
final class PythonDistributions {
  private PythonDistributions() {}

  /**
   * The installed version of distribution {@code name} for {@code command}, as its metadata writes
   * it ("0.11.2+rocm700"); empty when none is found.
   *
   * @param command the executable that starts the engine (absolute)
   * @param onPath resolves a bare name on PATH (for {@code #!/usr/bin/env python3})
   */
  static Optional<String> version(
      Path command, String name, Function<String, Optional<Path>> onPath) {
    Optional<Path> python = interpreter(command, onPath);
    if (python.isEmpty()) {
      return Optional.empty();
    }
    for (Path dir : packageDirs(python.get())) {
      Optional<String> v = versionIn(dir, name);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** The interpreter {@code command} runs with: its {@code #!} line's, else itself. */
  static Optional<Path> interpreter(Path command, Function<String, Optional<Path>> onPath) {
    String first;
    try (InputStream in = Files.newInputStream(command)) {
      byte[] head = in.readNBytes(512);
      first = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!first.startsWith("#!")) {
      return Optional.of(command);
    }
    String[] words = first.substring(2).trim().split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      return Optional.empty();
    }
    if (words[0].endsWith("/env")) {
      for (int i = 1; i < words.length; i++) {
        if (!words[i].startsWith("-") && !words[i].contains("=")) {
          return words[i].contains("/") ? Optional.of(Path.of(words[i])) : onPath.apply(words[i]);
        }
      }
      return Optional.empty();
    }
    return Optional.of(Path.of(words[0]));
  }

  /**
   * Where the interpreter's prefix keeps packages, for the path as named (a virtual environment's
   * bin/python3 links to the base interpreter, but its packages are the environment's) and, after
   * those, as resolved.
   */
  static List<Path> packageDirs(Path python) {
    Set<Path> prefixes = new LinkedHashSet<>();
    prefixes.add(prefix(python));
    try {
      prefixes.add(prefix(python.toRealPath()));
    } catch (IOException | RuntimeException e) {
      // only the named one
    }
    List<Path> out = new ArrayList<>();
    for (Path prefix : prefixes) {
      if (prefix == null) {
        continue;
      }
      for (Path lib : List.of(prefix.resolve("lib"), prefix.resolve("local/lib"))) {
        for (Path py : children(lib, "python3*")) {
          out.add(py.resolve("site-packages"));
          out.add(py.resolve("dist-packages"));
        }
      }
    }
    return out.stream().filter(Files::isDirectory).distinct().toList();
  }

  private static Path prefix(Path python) {
    Path bin = python.toAbsolutePath().getParent();
    return bin == null ? null : bin.getParent();
  }

  /** The version from {@code NAME-*.dist-info/METADATA} (or .egg-info/PKG-INFO) in {@code dir}. */
  static Optional<String> versionIn(Path dir, String name) {
    String wanted = normalise(name);
    for (Path info : children(dir, "*-*.{dist-info,egg-info}")) {
      String file = info.getFileName().toString();
      if (!normalise(file.substring(0, file.indexOf('-'))).equals(wanted)) {
        continue;
      }
      Path meta = info.resolve(file.endsWith(".dist-info") ? "METADATA" : "PKG-INFO");
      try (var lines = Files.lines(meta, StandardCharsets.UTF_8)) {
        Optional<String> v =
            lines
                .takeWhile(l -> !l.isEmpty())
                .filter(l -> l.startsWith("Version:"))
                .map(l -> l.substring("Version:".length()).trim())
                .filter(s -> !s.isEmpty())
                .findFirst();
        if (v.isPresent()) {
          return v;
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // unreadable: look on
      }
    }
    return Optional.empty();
  }

  /** PEP 503 normalisation: case and the separators -, _ and . do not matter. */
  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  private static List<Path> children(Path dir, String glob) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
      s.forEach(out::add);
    } catch (IOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }
}
