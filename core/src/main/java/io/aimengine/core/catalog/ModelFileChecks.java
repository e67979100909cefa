package io.aimengine.core.catalog;

import io.aimengine.core.AimException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Problems in one model file: what keeps it from parsing (errors), an id that disagrees with the
 * file's path (lookups go by path), and missing planning facts (warnings).
 */
final class ModelFileChecks {
  private ModelFileChecks() {}

  static List<Problem> check(String file, Path path, String text) {
    List<Problem> out = new ArrayList<>();
    ModelEntry e;
    try {
      e = ModelFileParser.parse(file, text);
    } catch (AimException ex) {
      String m = ex.getMessage();
      String prefix = file + ":";
      String rest = (m.startsWith(prefix) ? m.substring(prefix.length()) : m).strip();
      int colon = rest.indexOf(": ");
      boolean hasField = colon > 0 && !rest.substring(0, colon).contains(" ");
      out.add(
          Problem.error(
              file,
              hasField ? rest.substring(0, colon) : "",
              hasField ? rest.substring(colon + 2) : rest));
      return out;
    }
    if (!e.id().contains("/")) {
      out.add(Problem.error(file, "id", "expected a Hugging Face id <org>/<name>, got " + e.id()));
    } else {
      Optional<String> expected = expectedPath(path);
      if (expected.isPresent() && !expected.get().equalsIgnoreCase(e.id())) {
        out.add(
            Problem.warning(
                file,
                "id",
                "the file is models/"
                    + expected.get()
                    + ".yaml but its id is "
                    + e.id()
                    + "; lookups go by path, so rename the file to models/"
                    + e.id()
                    + ".yaml"));
      }
    }
    if (e.facts().architecture() == null) {
      out.add(
          Problem.warning(
              file,
              "architecture",
              "no architecture block: the planner cannot size the KV cache and falls back to"
                  + " the model's config.json"));
    }
    if (e.facts().parameters() == 0 && e.facts().weightBytes() == 0) {
      out.add(
          Problem.warning(
              file,
              "parameters",
              "neither parameters nor weights.bytes: weight memory is estimated from the"
                  + " architecture"));
    }
    return out;
  }

  /** "org/name" from .../models/org/name.yaml, when the file sits there. */
  private static Optional<String> expectedPath(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path org = abs.getParent();
    if (org == null || org.getParent() == null || org.getParent().getFileName() == null) {
      return Optional.empty();
    }
    if (!org.getParent().getFileName().toString().equals("models")) {
      return Optional.empty();
    }
    return Optional.of(org.getFileName() + "/" + stem(abs.getFileName().toString()));
  }

  private static String stem(String n) {
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }
}
