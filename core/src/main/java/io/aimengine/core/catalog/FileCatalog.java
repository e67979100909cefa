package io.aimengine.core.catalog;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A catalog read from directory trees ("roots"), each holding {@code recipes/} and/or {@code
 * models/}:
 *
 * <pre>
 * recipes/&lt;org&gt;/&lt;model&gt;/*.yaml          recipes for one model (AIM profile or prototype format)
 * recipes/custom/&lt;org&gt;/&lt;model&gt;/*.yaml   user-customised recipes for one model
 * recipes/general/&lt;gpu&gt;/*.yaml          fallbacks for one GPU model (lower-case dir name)
 * recipes/general/*.yaml                AIM's flat layout, filtered by metadata.gpu
 * models/&lt;org&gt;/&lt;model&gt;.yaml            model facts
 * </pre>
 *
 * <p>Roots are searched in order (user roots before the built-in one); a recipe id found in an
 * earlier root hides the same id in later ones. Directory reads are memoised, so repeated lookups
 * cost nothing. Thread-safe.
 */
public final class FileCatalog implements Catalog {
  /** Marks a model file over the size cap in {@code modelTexts}. */
  private static final String TOO_LARGE = new String("\0too-large");

  static final String BUILT_IN = "catalog";

  private final List<Path> roots;
  private final RecipeParser parser;
  private final Map<Path, RecipeParser.Result> parsedDirs = new ConcurrentHashMap<>();
  private final Map<Path, Optional<ModelEntry>> parsedModels = new ConcurrentHashMap<>();
  private final Map<Path, String> modelTexts = new ConcurrentHashMap<>();
  private final List<Problem> loadProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The root whose files {@link #index} describes; null when none has an index. */
  private final Path indexedRoot;

  private final java.util.function.Supplier<CatalogIndex> indexSource;
  private CatalogIndex index;

  public FileCatalog(List<Path> roots, GpuCatalog gpus) {
    this(roots, gpus, null, () -> CatalogIndex.EMPTY);
  }

  /**
   * A catalog whose root {@code indexedRoot} (one of {@code roots}, the built-in catalog) has a
   * {@link CatalogIndex}: its files are taken from the index, read on first use, when their text is
   * the indexed text, and parsed otherwise.
   */
  public FileCatalog(
      List<Path> roots,
      GpuCatalog gpus,
      Path indexedRoot,
      java.util.function.Supplier<CatalogIndex> index) {
    this.roots = List.copyOf(roots);
    this.parser = new RecipeParser(gpus);
    this.indexedRoot = indexedRoot;
    this.indexSource = index;
  }

  /**
   * User roots from AIM_CATALOG_PATH, then AIM_HOME (its {@code recipes/}, where {@code tune}
   * writes measured recipes), then the catalog shipped inside the core jar.
   */
  public static FileCatalog standard(Settings settings) {
    List<Path> roots = new ArrayList<>();
    for (Path p : settings.catalogPath()) {
      if (!Files.isDirectory(p)) {
        throw AimException.invalid("AIM_CATALOG_PATH: '" + p + "' is not a directory");
      }
      roots.add(p);
    }
    roots.add(settings.aimHome());
    Path builtIn = builtInRoot();
    roots.add(builtIn);
    String indexDir = System.getProperty(INDEX_PROPERTY);
    Path indexRoot =
        indexDir != null && !indexDir.isBlank() ? Path.of(indexDir).toAbsolutePath() : builtIn;
    return new FileCatalog(roots, GpuCatalog.builtIn(), builtIn, () -> CatalogIndex.in(indexRoot));
  }

  /**
   * The system property naming the directory that holds the built-in catalog's {@link
   * CatalogIndex#FILE} when {@link #UNPACKED_PROPERTY} names a catalog without one: bin/aim-engine
   * reads the checkout's own {@code recipes/} and {@code models/} (so that editing a recipe needs
   * no rebuild and its staleness check stats 840 files fewer) with the index of the last build. The
   * index is used only for files whose text is still the indexed text, or which still have the size
   * and modification time the build recorded for them (one stat, no read); an edited file is
   * parsed.
   */
  public static final String INDEX_PROPERTY = "aim.catalog.index";

  /**
   * The system property naming a directory that holds the same built-in catalog unpacked (the build
   * writes {@code cli/target/catalog} beside the jar and {@code bin/aim-engine} names it): reading
   * it spares opening the jar as a file system, which indexes all of the jar's ~24,000 entries
   * first.
   */
  public static final String UNPACKED_PROPERTY = "aim.catalog.dir";

  /**
   * The root of the catalog shipped as resources: the unpacked copy {@link #UNPACKED_PROPERTY}
   * names when it exists, else a directory in dev or a jar path when packaged. Files under it are
   * shown as {@code catalog/...} whichever it is.
   */
  public static Path builtInRoot() {
    String unpacked = System.getProperty(UNPACKED_PROPERTY);
    if (unpacked != null && !unpacked.isBlank()) {
      Path dir = Path.of(unpacked).toAbsolutePath();
      if (Files.isDirectory(dir.resolve("recipes"))) {
        return dir;
      }
    }
    URL url = FileCatalog.class.getClassLoader().getResource(BUILT_IN + "/recipes");
    if (url == null) {
      throw new AimException(
          ExitCode.INTERNAL, "the built-in catalog is missing from the class path");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return fs.getPath("/" + BUILT_IN);
      }
      return Path.of(uri).getParent();
    } catch (URISyntaxException | IOException e) {
      throw new AimException(
          ExitCode.INTERNAL, "cannot open the built-in catalog: " + e.getMessage(), e);
    }
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * The directory, relative to a root's {@code recipes/}, that holds recipes for a model given as a
   * local path ({@code /models/tiny.gguf} → {@code local/tiny}): the file or directory name without
   * a {@code .gguf} extension, reduced to {@code [A-Za-z0-9._-]}. Several paths may share it; a
   * recipe there applies only to the path its {@code model_id} names.
   */
  public static String localRecipeDir(String modelPath) {
    Path name = Path.of(modelPath).getFileName();
    String n = name == null ? "model" : name.toString();
    if (n.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
      n = n.substring(0, n.length() - 5);
    }
    n = n.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
    return "local/" + (n.isEmpty() ? "model" : n);
  }

  /** Recipes written for a model given as an absolute local path (by {@code tune}). */
  private List<Recipe> localRecipesFor(String modelPath) {
    List<Recipe> out = new ArrayList<>();
    for (Path root : roots) {
      Path d = root.resolve("recipes").resolve(localRecipeDir(modelPath));
      if (Files.isDirectory(d)) {
        dir(d).recipes().stream().filter(r -> modelPath.equals(r.modelId())).forEach(out::add);
      }
    }
    return dedupe(out);
  }

  @Override
  public List<Recipe> recipesFor(String modelId) {
    if (modelId.startsWith("/")) {
      return localRecipesFor(modelId);
    }
    Optional<ModelEntry> entry = model(modelId);
    String canonical = entry.map(ModelEntry::id).orElse(modelId);
    boolean variant = !canonical.equalsIgnoreCase(modelId);
    List<Path> dirs = new ArrayList<>();
    for (Path root : roots) {
      modelDir(root.resolve("recipes"), canonical).ifPresent(dirs::add);
      modelDir(root.resolve("recipes").resolve("custom"), canonical).ifPresent(dirs::add);
    }
    List<Recipe> all = new ArrayList<>();
    for (Path d : dirs) {
      all.addAll(dir(d).recipes());
    }
    List<Recipe> out = dedupe(all);
    if (variant) {
      // Recipes that name the variant's checkpoint; when none does, the model's own recipes serve
      // the variant (DeepSeek-R1 runs DeepSeek-R1-0528's recipes: same architecture and tensors).
      List<Recipe> named =
          out.stream().filter(r -> modelId.equalsIgnoreCase(r.servedModel())).toList();
      out =
          !named.isEmpty()
              ? named
              : out.stream()
                  .filter(
                      r -> r.servedModel() == null || canonical.equalsIgnoreCase(r.servedModel()))
                  .map(r -> r.withServedModel(modelId))
                  .toList();
    }
    return out;
  }

  @Override
  public List<Recipe> generalRecipes(String gpu) {
    List<Recipe> all = new ArrayList<>();
    for (Path root : roots) {
      Path general = root.resolve("recipes").resolve("general");
      Path sub = general.resolve(gpu.toLowerCase(Locale.ROOT));
      if (Files.isDirectory(sub)) {
        all.addAll(dir(sub).recipes());
      }
      if (Files.isDirectory(general)) {
        for (Recipe r : dir(general).recipes()) {
          if (r.gpu().equalsIgnoreCase(gpu)) {
            all.add(r);
          }
        }
      }
    }
    return dedupe(all);
  }

  @Override
  public Optional<ModelEntry> model(String modelId) {
    int slash = modelId.indexOf('/');
    if (slash <= 0 || slash == modelId.length() - 1) {
      return Optional.empty();
    }
    String org = modelId.substring(0, slash);
    String name = modelId.substring(slash + 1);
    for (Path root : roots) {
      Optional<Path> orgDir = childIgnoringCase(root.resolve("models"), org);
      Optional<Path> file = orgDir.flatMap(d -> childIgnoringCase(d, name + ".yaml"));
      if (file.isPresent()) {
        return modelFile(file.get());
      }
    }
    // A variant ("Qwen/Qwen3-32B-FP8", "amd/Llama-3.1-405B-Instruct-FP8-KV",
    // "deepseek-ai/DeepSeek-R1"
    // in DeepSeek-R1-0528.yaml) lives in any model file, possibly under another org, whatever the
    // file is called: only files whose text names the id are parsed.
    String needle = modelId.toLowerCase(Locale.ROOT);
    for (Path root : roots) {
      for (Path orgDir : list(root.resolve("models"))) {
        for (Path candidate : list(orgDir)) {
          if (isYaml(candidate) && mentions(candidate, needle)) {
            Optional<ModelEntry> e = modelFile(candidate);
            if (e.isPresent() && e.get().variants().stream().anyMatch(modelId::equalsIgnoreCase)) {
              return e;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a model file's text contains {@code lowerId} (memoised lower-cased text). Read through
   * {@link Yaml#readFile}'s cap: a file over it counts as a match, so that parsing it reports the
   * size as one line instead of a huge or endless file (a FIFO, /dev/zero) being read.
   */
  private boolean mentions(Path file, String lowerId) {
    String text =
        modelTexts.computeIfAbsent(
            file,
            f -> {
              try {
                return Yaml.readFile(f).toLowerCase(Locale.ROOT);
              } catch (Yaml.TooLarge e) {
                return TOO_LARGE;
              } catch (IOException e) {
                return "";
              }
            });
    return text == TOO_LARGE || text.contains(lowerId);
  }

  @Override
  public List<ModelEntry> models() {
    Map<String, ModelEntry> byId = new LinkedHashMap<>();
    for (Path root : roots) {
      for (Path f : walk(root.resolve("models"))) {
        modelFile(f).ifPresent(e -> byId.putIfAbsent(e.id().toLowerCase(Locale.ROOT), e));
      }
    }
    return byId.values().stream().sorted(Comparator.comparing(ModelEntry::id)).toList();
  }

  @Override
  public List<Recipe> allRecipes() {
    List<Recipe> all = new ArrayList<>();
    for (Path root : roots) {
      Path recipes = root.resolve("recipes");
      for (Path f : walk(recipes)) {
        all.addAll(file(f, recipes).recipes());
      }
    }
    return dedupe(all).stream().sorted(Comparator.comparing(Recipe::id)).toList();
  }

  @Override
  public Optional<Recipe> recipe(String id) {
    for (Path root : roots) {
      Path recipes = root.resolve("recipes");
      // <id>.yaml for AIM profiles; <id minus last segment>.yaml for prototype expansions.
      List<String> candidates = new ArrayList<>(List.of(id));
      int slash = id.lastIndexOf('/');
      if (slash > 0) {
        candidates.add(id.substring(0, slash));
      }
      if (id.startsWith("general/") && id.indexOf('/', 8) < 0) {
        String[] parts = id.substring(8).split("-");
        if (parts.length > 1) {
          candidates.add("general/" + parts[1] + "/" + id.substring(8));
        }
      }
      for (String c : candidates) {
        for (String ext : List.of(".yaml", ".yml")) {
          Path f = recipes.resolve(c + ext);
          if (Files.isRegularFile(f)) {
            Optional<Recipe> r =
                file(f, recipes).recipes().stream().filter(x -> x.id().equals(id)).findFirst();
            if (r.isPresent()) {
              return r;
            }
          }
        }
      }
    }
    return allRecipes().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public List<Problem> loadProblems() {
    return List.copyOf(loadProblems);
  }

  /** Parses one directory's recipe files (not recursive), memoised. */
  private RecipeParser.Result dir(Path dir) {
    return parsedDirs.computeIfAbsent(
        dir,
        d -> {
          Path recipesRoot = recipesRootOf(d);
          List<Recipe> recipes = new ArrayList<>();
          List<Problem> problems = new ArrayList<>();
          for (Path f : list(d)) {
            if (isYaml(f)) {
              RecipeParser.Result r = file(f, recipesRoot);
              recipes.addAll(r.recipes());
              problems.addAll(r.problems());
            }
          }
          return new RecipeParser.Result(recipes, problems);
        });
  }

  private RecipeParser.Result file(Path f, Path recipesRoot) {
    String idBase = idBase(recipesRoot.relativize(f).toString().replace('\\', '/'));
    Optional<RecipeParser.Result> unchanged =
        onDisk(f).flatMap(rel -> index().recipesIfUnchanged(rel, idBase, f));
    if (unchanged.isPresent()) {
      loadProblems.addAll(unchanged.get().problems());
      return unchanged.get();
    }
    String text;
    try {
      text = Yaml.readFile(f);
    } catch (IOException e) {
      Problem p = Problem.error(display(f), "", "cannot read: " + e.getMessage());
      loadProblems.add(p);
      return new RecipeParser.Result(List.of(), List.of(p));
    }
    String base = idBase;
    RecipeParser.Result r =
        indexed(f)
            .flatMap(rel -> index().recipes(rel, base, text))
            .orElseGet(() -> parser.parse(display(f), base, text));
    loadProblems.addAll(r.problems());
    return r;
  }

  /**
   * The id base of the recipes in the file at {@code rel} under a {@code recipes/} directory: the
   * path without its extension; fallback ids drop the per-GPU directory (general/&lt;gpu&gt;/x →
   * general/x).
   */
  static String idBase(String rel) {
    String idBase = rel.substring(0, rel.lastIndexOf('.'));
    if (idBase.startsWith("general/") && slashes(idBase) == 2) {
      idBase = "general/" + idBase.substring(idBase.lastIndexOf('/') + 1);
    }
    return idBase;
  }

  private static int slashes(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == '/' ? 1 : 0;
    }
    return n;
  }

  private Optional<ModelEntry> modelFile(Path f) {
    return parsedModels.computeIfAbsent(
        f,
        p -> {
          Optional<ModelEntry> unchanged =
              onDisk(p).flatMap(rel -> index().modelIfUnchanged(rel, p));
          if (unchanged.isPresent()) {
            return unchanged;
          }
          try {
            String text = Yaml.readFile(p);
            Optional<ModelEntry> known = indexed(p).flatMap(rel -> index().model(rel, text));
            return Optional.of(known.orElseGet(() -> ModelFileParser.parse(display(p), text)));
          } catch (Yaml.TooLarge e) {
            throw AimException.invalid(display(p) + ": " + e.getMessage());
          } catch (IOException e) {
            throw AimException.failure(display(p) + ": cannot read: " + e.getMessage());
          }
        });
  }

  /**
   * {@link #indexed} for a file on the default file system: one whose size and modification time
   * can stand for its text ({@link CatalogIndex#recipesIfUnchanged}), as a checkout's can; a jar's
   * entries are checked by their text.
   */
  private Optional<String> onDisk(Path f) {
    return f.getFileSystem() == java.nio.file.FileSystems.getDefault()
        ? indexed(f)
        : Optional.empty();
  }

  /** The path of {@code f} under the indexed root ("recipes/..."), when it is there. */
  private Optional<String> indexed(Path f) {
    if (indexedRoot == null || !f.startsWith(indexedRoot)) {
      return Optional.empty();
    }
    return Optional.of(indexedRoot.relativize(f).toString().replace('\\', '/'));
  }

  /**
   * Reads the built-in catalog's index now rather than at the first file looked up: for a thread
   * that prepares a command while its arguments are still being parsed. Thread-safe; a lookup that
   * comes meanwhile waits for this read instead of starting its own.
   */
  public void loadIndex() {
    index();
  }

  private synchronized CatalogIndex index() {
    if (index == null) {
      index = indexSource.get();
    }
    return index;
  }

  private static Path recipesRootOf(Path dir) {
    Path p = dir;
    while (p != null
        && (p.getFileName() == null || !p.getFileName().toString().equals("recipes"))) {
      p = p.getParent();
    }
    return p == null ? dir : p;
  }

  private static Optional<Path> modelDir(Path base, String modelId) {
    int slash = modelId.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    return childIgnoringCase(base, modelId.substring(0, slash))
        .flatMap(org -> childIgnoringCase(org, modelId.substring(slash + 1)))
        .filter(Files::isDirectory);
  }

  private static Optional<Path> childIgnoringCase(Path dir, String name) {
    Path exact = dir.resolve(name);
    if (Files.exists(exact)) {
      return Optional.of(exact);
    }
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return list(dir).stream()
        .filter(p -> p.getFileName().toString().replaceAll("/$", "").equalsIgnoreCase(name))
        .findFirst();
  }

  /**
   * The entries of {@code dir} by name (none when it is no directory). A loop rather than {@code
   * Files.list(dir).sorted(Comparator.comparing(...))}: every plan lists a dozen directories first
   * thing, and the stream and the JDK's comparator lambdas (whose call sites the start-up cache
   * does not keep) were ~5% of its start-up.
   */
  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        out.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DirectoryIteratorException e) {
      throw new UncheckedIOException(e.getCause());
    }
    out.sort(BY_NAME);
    return out;
  }

  private static final Comparator<Path> BY_NAME =
      (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString());

  private static List<Path> walk(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(FileCatalog::isYaml).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }

  /**
   * How a file is named in messages and recipe sources: {@code catalog/...} for the built-in
   * catalog (the indexed root, or the unpacked or packaged copy), else its path.
   */
  private String display(Path p) {
    Optional<String> rel = indexed(p);
    return rel.isPresent() ? BUILT_IN + "/" + rel.get() : displayPath(p);
  }

  private static String displayPath(Path p) {
    String s = p.toString();
    String unpacked = System.getProperty(UNPACKED_PROPERTY);
    if (unpacked != null && !unpacked.isBlank()) {
      Path dir = Path.of(unpacked).toAbsolutePath();
      if (p.startsWith(dir)) {
        return BUILT_IN + "/" + dir.relativize(p).toString().replace('\\', '/');
      }
    }
    return s.startsWith("/" + BUILT_IN + "/") ? s.substring(1) : s;
  }

  private static List<Recipe> dedupe(List<Recipe> recipes) {
    Map<String, Recipe> byId = new LinkedHashMap<>();
    for (Recipe r : recipes) {
      byId.putIfAbsent(r.id(), r);
    }
    return new ArrayList<>(byId.values());
  }
}
