package io.aimengine.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Validates catalog files: recipe files (AIM profiles and prototype files: structure, then every
 * recipe they expand to) and model files. Paths may be files or directories (searched recursively
 * for *.yaml / *.yml). Model lookups for recipes use the catalog tree a path lies in (a {@code
 * recipes/} directory with a sibling {@code models/}) before the given catalog. Thread-safe.
 */
public final class CatalogValidator {
  private final GpuCatalog gpus;
  private final Catalog catalog;

  /**
   * @param gpus the GPU table
   * @param catalog where model files are looked up (the standard catalog)
   */
  public CatalogValidator(GpuCatalog gpus, Catalog catalog) {
    this.gpus = gpus;
    this.catalog = catalog;
  }

  /** Result of a run: the files read and every problem found, in file order. */
  public record Report(int files, int recipes, List<Problem> problems) {
    public long errors() {
      return problems.stream().filter(Problem::isError).count();
    }

    public long warnings() {
      return problems.size() - errors();
    }
  }

  /**
   * Validates files and directories.
   *
   * @throws AimException (not found, exit 3) when a path does not exist
   */
  public Report validate(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw AimException.notFound(p + ": no such file or directory");
      }
      files.addAll(yamlFiles(p));
    }
    FileCatalog local = new FileCatalog(catalogRoots(files), gpus);
    RecipeValidator validator =
        new RecipeValidator(gpus, id -> local.model(id).or(() -> catalog.model(id)));
    List<Problem> problems = new ArrayList<>();
    int recipes = 0;
    for (Path f : files) {
      recipes += validateFile(f, validator, problems);
    }
    return new Report(files.size(), recipes, problems);
  }

  private int validateFile(Path f, RecipeValidator validator, List<Problem> out) {
    String file = f.toString();
    String text;
    try {
      text = Yaml.readFile(f);
    } catch (IOException e) {
      out.add(Problem.error(file, "", "cannot read: " + e.getMessage()));
      return 0;
    }
    JsonNode root;
    try {
      root = Yaml.read(text);
    } catch (IOException e) {
      out.add(Problem.error(file, "", "not valid YAML: " + Yaml.oneLine(e)));
      return 0;
    }
    if (isModelFile(f, root)) {
      out.addAll(ModelFileChecks.check(file, f, text));
      return 0;
    }
    RecipeParser.Result parsed = new RecipeParser(gpus).parse(file, idBase(f), text);
    out.addAll(parsed.problems());
    for (Recipe r : parsed.recipes()) {
      out.addAll(validator.validate(r, root));
    }
    return parsed.recipes().size();
  }

  private static boolean isModelFile(Path f, JsonNode root) {
    if (root.isObject()
        && (root.has("metadata")
            || root.has("vllm_serve")
            || root.has("sglang_serve")
            || root.has("recipe_id"))) {
      return false;
    }
    return root.isObject() && root.has("id") || underDirectory(f, "models");
  }

  private static boolean underDirectory(Path f, String name) {
    for (Path p = f.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Catalog roots the files lie in: parents of a recipes/ directory that has a models/ sibling. */
  private static List<Path> catalogRoots(List<Path> files) {
    Set<Path> roots = new LinkedHashSet<>();
    for (Path f : files) {
      for (Path p = f.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
        Path name = p.getFileName();
        if (name != null
            && (name.toString().equals("recipes") || name.toString().equals("models"))
            && p.getParent() != null
            && Files.isDirectory(p.getParent().resolve("models"))) {
          roots.add(p.getParent());
          break;
        }
      }
    }
    return new ArrayList<>(roots);
  }

  /** The id prefix a catalog would give the file: its path below recipes/ (or profiles/). */
  private static String idBase(Path f) {
    List<String> parts = new ArrayList<>();
    Path abs = f.toAbsolutePath().normalize();
    for (Path p = abs; p != null && p.getFileName() != null; p = p.getParent()) {
      String n = p.getFileName().toString();
      if (n.equals("recipes") || n.equals("profiles")) {
        return String.join("/", parts.reversed());
      }
      parts.add(p == abs ? stem(n) : n);
    }
    return stem(f.getFileName().toString());
  }

  private static String stem(String n) {
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }

  private static List<Path> yamlFiles(Path p) {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile)
          .filter(
              x -> {
                String n = x.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
