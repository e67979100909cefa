package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saved results: one JSON file per {@code bench} invocation under {@code AIM_HOME/bench/}, named by
 * its id. Written to a temporary file and moved into place, so a reader never sees half a result.
 */
public final class BenchStore {
  private final Path dir;

  public BenchStore(Path aimHome) {
    this.dir = aimHome.resolve("bench");
  }

  public Path dir() {
    return dir;
  }

  /** Saves {@code result} and returns its file. */
  public Path save(BenchResult result) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(result.id() + ".json");
      Path tmp = Files.createTempFile(dir, ".bench-", ".tmp");
      try {
        Files.writeString(tmp, BenchJson.pretty(BenchJson.toJson(result)));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return file;
    } catch (IOException e) {
      throw AimException.failure("cannot save the results under " + dir + ": " + e.getMessage());
    }
  }

  /** Saved ids, oldest first. */
  public List<String> ids() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .forEach(n -> out.add(n.substring(0, n.length() - 5)));
    } catch (IOException e) {
      throw AimException.failure("cannot list " + dir + ": " + e.getMessage());
    }
    return out;
  }

  /**
   * The result {@code ref} names: a saved id, a unique prefix or suffix of one (such as the
   * endpoint name: its latest run), or a JSON file path.
   */
  public JsonNode load(String ref) {
    Path file = Path.of(ref);
    if (!ref.contains("/") || !Files.isRegularFile(file)) {
      List<String> ids = ids();
      String hit = null;
      if (ids.contains(ref)) {
        hit = ref;
      } else {
        for (String id : ids) {
          if (id.startsWith(ref) || id.endsWith("-" + ref)) {
            hit = id; // the newest of several wins: ids sort by time
          }
        }
      }
      if (hit == null) {
        throw AimException.invalid(
            "no saved benchmark '"
                + ref
                + "' under "
                + dir
                + (ids.isEmpty()
                    ? ""
                    : "; saved: "
                        + String.join(", ", ids.subList(Math.max(0, ids.size() - 5), ids.size()))));
      }
      file = dir.resolve(hit + ".json");
    }
    try {
      return BenchJson.read(file);
    } catch (IOException e) {
      throw AimException.invalid(file + ": not a benchmark result: " + e.getMessage());
    }
  }
}
