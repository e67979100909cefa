package io.aimengine.core.catalog;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.HubRepo;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.model.RepoFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The built-in catalog parsed once, at build time: for every recipe and model file, what {@link
 * RecipeParser} and {@link ModelFileParser} make of it, in a compact binary form ({@code
 * catalog/index.bin}, written by {@link #main} when core is built). {@link FileCatalog} takes a
 * file's entry instead of parsing the file's YAML (Jackson and SnakeYAML are then never loaded to
 * plan), but only when the file's text is the text the entry was built from (length, CRC-32 and
 * {@link String#hashCode}), so an index older than the catalog is never used for a changed file:
 * that file is parsed as before. The YAML stays the source of truth; user roots are always parsed.
 *
 * <p>Entries are decoded on first use; a plan decodes the ~80 files it reads of the ~840. Thread-
 * safe.
 */
public final class CatalogIndex {
  /** The index file's name in the catalog root (beside {@code recipes/} and {@code models/}). */
  public static final String FILE = "index.bin";

  private static final int MAGIC = 0x41494d43; // "AIMC"
  private static final int VERSION = 4;
  private static final byte RECIPES = 1;
  private static final byte MODEL = 2;

  /** An index with no entries: every file is parsed. */
  public static final CatalogIndex EMPTY =
      new CatalogIndex(0, Map.of(), ByteBuffer.allocate(0), ByteBuffer.allocate(0));

  /** When the build made it (ns since the epoch; 0 for one made in memory). */
  private final long asOf;

  /**
   * The entries' headers by directory ("recipes/general/mi300x"), read on first use: a plan reads
   * two or three of the ~60 directories, and reading all ~840 headers at start-up took as long as
   * decoding the recipes it uses.
   */
  private final Map<String, Dir> dirs;

  private final ByteBuffer headers;
  private final ByteBuffer payload;
  private final Map<String, Map<String, Entry>> dirEntries =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Object> decoded = new java.util.concurrent.ConcurrentHashMap<>();

  /** Where a directory's entry headers are in {@link #headers}, and how many. */
  private record Dir(int at, int count) {}

  /**
   * @param fileSize the source file's size in bytes when the build saw it, -1 when not recorded
   * @param mtime the source file's modification time (ns since the epoch), -1 when not recorded
   */
  private record Entry(
      byte kind,
      String idBase,
      int length,
      long crc,
      int hash,
      int at,
      int size,
      long fileSize,
      long mtime) {
    boolean matches(String text) {
      return text.length() == length && text.hashCode() == hash && CatalogIndex.crc(text) == crc;
    }

    /** Whether {@code file} has the size and modification time the build saw. */
    boolean unchanged(Path file) {
      if (mtime < 0) {
        return false;
      }
      long[] now = sizeAndTime(file);
      return now != null && now[0] == fileSize && now[1] == mtime;
    }
  }

  /**
   * A regular file's size in bytes and modification time in ns since the epoch; null for anything
   * else or a file that cannot be read.
   */
  private static long[] sizeAndTime(Path file) {
    try {
      java.nio.file.attribute.BasicFileAttributes a =
          Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      return a.isRegularFile()
          ? new long[] {
            a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
          }
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private CatalogIndex(long asOf, Map<String, Dir> dirs, ByteBuffer headers, ByteBuffer payload) {
    this.asOf = asOf;
    this.dirs = dirs;
    this.headers = headers;
    this.payload = payload;
  }

  /** When the build made it, ns since the epoch ({@link #main}); 0 for an index made in memory. */
  long asOf() {
    return asOf;
  }

  /** Number of files indexed. */
  public int size() {
    int n = 0;
    for (Dir d : dirs.values()) {
      n += d.count;
    }
    return n;
  }

  /** The entry of file {@code rel} ("recipes/x/y.yaml"), null when it has none. */
  private Entry entry(String rel) {
    int slash = rel.lastIndexOf('/');
    String dir = slash < 0 ? "" : rel.substring(0, slash);
    Dir d = dirs.get(dir);
    if (d == null) {
      return null;
    }
    return dirEntries.computeIfAbsent(dir, k -> readEntries(d)).get(rel.substring(slash + 1));
  }

  /** A directory's entry headers; none when they cannot be read (its files are then parsed). */
  private Map<String, Entry> readEntries(Dir d) {
    try {
      ByteBuffer b = headers.duplicate().position(d.at);
      Reader r = new Reader(b);
      Map<String, Entry> m = new HashMap<>(d.count * 2);
      for (int i = 0; i < d.count; i++) {
        String name = r.str();
        byte kind = b.get();
        String idBase = r.str();
        m.put(
            name,
            new Entry(
                kind,
                idBase,
                b.getInt(),
                b.getLong(),
                b.getInt(),
                b.getInt(),
                b.getInt(),
                b.getLong(),
                b.getLong()));
      }
      return m;
    } catch (java.nio.BufferUnderflowException
        | IllegalArgumentException
        | IndexOutOfBoundsException e) {
      return Map.of();
    }
  }

  /**
   * The parse of recipe file {@code rel} (path under the catalog root, "recipes/...") when {@code
   * text} is the text indexed for it and {@code idBase} the id base it was parsed with; empty
   * otherwise (not indexed, or changed since).
   */
  public Optional<RecipeParser.Result> recipes(String rel, String idBase, String text) {
    return decoded(rel, RECIPES, idBase, e -> e.matches(text), RecipeParser.Result.class);
  }

  /**
   * The parse of recipe file {@code rel}, read from {@code file}, without reading it: when the
   * build recorded the file's size and modification time (a checkout's own file, {@link #main}) and
   * the file still has both, its text is the text indexed; empty otherwise (then read the file and
   * ask {@link #recipes(String, String, String)}). For files on the default file system.
   */
  public Optional<RecipeParser.Result> recipesIfUnchanged(String rel, String idBase, Path file) {
    return decoded(rel, RECIPES, idBase, e -> e.unchanged(file), RecipeParser.Result.class);
  }

  /** As {@link #recipesIfUnchanged}, for model file {@code rel}. */
  public Optional<ModelEntry> modelIfUnchanged(String rel, Path file) {
    return decoded(rel, MODEL, "", e -> e.unchanged(file), ModelEntry.class);
  }

  /** The parse of model file {@code rel} ("models/...") when {@code text} is its indexed text. */
  public Optional<ModelEntry> model(String rel, String text) {
    return decoded(rel, MODEL, "", e -> e.matches(text), ModelEntry.class);
  }

  /**
   * The decoded entry of {@code rel} (memoised) when it is of {@code kind}, was parsed with {@code
   * idBase} ("" for model files) and {@code same} holds for it; empty otherwise.
   */
  private <T> Optional<T> decoded(
      String rel,
      byte kind,
      String idBase,
      java.util.function.Predicate<Entry> same,
      Class<T> type) {
    Entry e = entry(rel);
    if (e == null || e.kind != kind || !e.idBase.equals(idBase) || !same.test(e)) {
      return Optional.empty();
    }
    return Optional.of(type.cast(decoded.computeIfAbsent(rel, k -> decode(e))));
  }

  private Object decode(Entry e) {
    Reader r = new Reader(payload.duplicate().position(e.at).limit(e.at + e.size).slice());
    return e.kind == RECIPES ? r.result() : r.modelEntry();
  }

  /**
   * Parses every {@code .yaml}/{@code .yml} file under {@code root}'s {@code recipes/} and {@code
   * models/} as {@link FileCatalog} does for its built-in root: files named {@code catalog/<rel>},
   * recipe ids from the path under {@code recipes/}. A model file that does not parse is left out
   * (FileCatalog parses it, and reports it, when asked).
   */
  public static CatalogIndex build(Path root, GpuCatalog gpus) throws IOException {
    return read(buildBytes(root, gpus));
  }

  /** {@link #build} in its file form. */
  static byte[] buildBytes(Path root, GpuCatalog gpus) throws IOException {
    return buildBytes(root, gpus, null, 0);
  }

  /**
   * {@link #buildBytes(Path, GpuCatalog)}, recording for each file the size and modification time
   * of the same file under {@code source} (the checkout the catalog was copied from) when its text
   * is the indexed text and it was last modified more than {@link #SETTLED_NANOS} before {@code
   * asOfNanos}: a file changed within the file system's timestamp granularity of the build could
   * change again with the same time and size (git's "racy clean" case). Such a file, and every file
   * when {@code source} is null, is checked by its text.
   */
  static byte[] buildBytes(Path root, GpuCatalog gpus, Path source, long asOfNanos)
      throws IOException {
    RecipeParser parser = new RecipeParser(gpus);
    Map<String, Object> parsed = new TreeMap<>();
    Map<String, String> texts = new HashMap<>();
    Map<String, String> idBases = new HashMap<>();
    Map<String, long[]> stats = new HashMap<>();
    for (String sub : List.of("recipes", "models")) {
      Path dir = root.resolve(sub);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(Files::isRegularFile).filter(FileCatalog::isYaml).sorted().toList();
      }
      for (Path f : files) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        String text = Yaml.readFile(f);
        String display = FileCatalog.BUILT_IN + "/" + rel;
        if (sub.equals("recipes")) {
          String idBase = FileCatalog.idBase(dir.relativize(f).toString().replace('\\', '/'));
          parsed.put(rel, parser.parse(display, idBase, text));
          idBases.put(rel, idBase);
        } else {
          try {
            parsed.put(rel, ModelFileParser.parse(display, text));
          } catch (AimException ex) {
            continue;
          }
        }
        texts.put(rel, text);
        if (source != null) {
          Path original = source.resolve(rel);
          long[] stat = sizeAndTime(original);
          try {
            if (stat != null
                && stat[1] < asOfNanos - SETTLED_NANOS
                && Yaml.readFile(original).equals(text)) {
              stats.put(rel, stat);
            }
          } catch (IOException e) {
            // not readable in the checkout: checked by its text
          }
        }
      }
    }
    return bytes(parsed, texts, idBases, stats, asOfNanos);
  }

  /** How long before the build a file's last change must be for its time to stand for its text. */
  static final long SETTLED_NANOS = 2_000_000_000L;

  /**
   * An index of the given parses (values: RecipeParser.Result or ModelEntry) of the given texts.
   */
  static CatalogIndex of(
      Map<String, Object> parsed, Map<String, String> texts, Map<String, String> idBases) {
    try {
      return read(bytes(parsed, texts, idBases, Map.of(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The index in its file form: magic, version; the directories (name, offset of their entry
   * headers, count); the entry headers, directory by directory (file name, kind, id base, text
   * length, CRC-32 and hash, payload offset and size, the source file's size and modification time
   * or -1); the payload.
   */
  static byte[] bytes(
      Map<String, Object> parsed,
      Map<String, String> texts,
      Map<String, String> idBases,
      Map<String, long[]> stats,
      long asOfNanos)
      throws IOException {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    Writer payload = new Writer(new DataOutputStream(blob));
    Map<String, ByteArrayOutputStream> byDir = new TreeMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Map.Entry<String, Object> e : parsed.entrySet()) {
      String rel = e.getKey();
      String text = texts.get(rel);
      int at = payload.out.size();
      boolean recipes = e.getValue() instanceof RecipeParser.Result;
      if (recipes) {
        payload.result((RecipeParser.Result) e.getValue());
      } else {
        payload.modelEntry((ModelEntry) e.getValue());
      }
      payload.out.flush();
      int slash = rel.lastIndexOf('/');
      String dir = slash < 0 ? "" : rel.substring(0, slash);
      Writer hw =
          new Writer(
              new DataOutputStream(byDir.computeIfAbsent(dir, k -> new ByteArrayOutputStream())));
      DataOutputStream h = hw.out;
      hw.str(rel.substring(slash + 1));
      h.writeByte(recipes ? RECIPES : MODEL);
      hw.str(recipes ? idBases.get(rel) : "");
      h.writeInt(text.length());
      h.writeLong(crc(text));
      h.writeInt(text.hashCode());
      h.writeInt(at);
      h.writeInt(payload.out.size() - at);
      long[] stat = stats.getOrDefault(rel, new long[] {-1, -1});
      h.writeLong(stat[0]);
      h.writeLong(stat[1]);
      h.flush();
      counts.merge(dir, 1, Integer::sum);
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    Writer w = new Writer(new DataOutputStream(head));
    w.out.writeInt(MAGIC);
    w.out.writeInt(VERSION);
    w.out.writeLong(asOfNanos);
    w.out.writeInt(byDir.size());
    int offset = 0;
    for (Map.Entry<String, ByteArrayOutputStream> d : byDir.entrySet()) {
      w.str(d.getKey());
      w.out.writeInt(offset);
      w.out.writeInt(counts.get(d.getKey()));
      offset += d.getValue().size();
    }
    w.out.writeInt(offset);
    for (ByteArrayOutputStream d : byDir.values()) {
      w.out.write(d.toByteArray());
    }
    w.out.flush();
    head.write(blob.toByteArray());
    return head.toByteArray();
  }

  /**
   * Reads an index from its file form.
   *
   * @throws IOException not an index of this version
   */
  public static CatalogIndex read(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      if (b.getInt() != MAGIC || b.getInt() != VERSION) {
        throw new IOException("not a catalog index of version " + VERSION);
      }
      long asOf = b.getLong();
      int n = b.getInt();
      Map<String, Dir> dirs = new HashMap<>(n * 2);
      Reader head = new Reader(b);
      for (int i = 0; i < n; i++) {
        dirs.put(head.str(), new Dir(b.getInt(), b.getInt()));
      }
      int headersLength = b.getInt();
      ByteBuffer headers = b.slice(b.position(), headersLength);
      for (Dir d : dirs.values()) {
        if (d.at < 0 || d.at > headersLength || d.count < 0) {
          throw new IOException("truncated catalog index");
        }
      }
      return new CatalogIndex(
          asOf,
          dirs,
          headers,
          b.slice(b.position() + headersLength, b.remaining() - headersLength));
    } catch (java.nio.BufferUnderflowException
        | IllegalArgumentException
        | IndexOutOfBoundsException e) {
      throw new IOException("truncated catalog index");
    }
  }

  /**
   * The index in catalog root {@code root} ({@link #FILE}); {@link #EMPTY} when there is none or it
   * cannot be read (every file is then parsed).
   */
  public static CatalogIndex in(Path root) {
    Path f = root.resolve(FILE);
    try {
      if (!Files.isRegularFile(f)) {
        return EMPTY;
      }
      if (f.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
        // java.io: Files.readAllBytes copies the half megabyte through a channel's direct buffer.
        try (java.io.InputStream in = new java.io.FileInputStream(f.toFile())) {
          return read(in.readAllBytes());
        }
      }
      return read(Files.readAllBytes(f));
    } catch (IOException e) {
      return EMPTY;
    }
  }

  static long crc(String text) {
    CRC32 c = new CRC32();
    c.update(text.getBytes(StandardCharsets.UTF_8));
    return c.getValue();
  }

  /**
   * Build step: {@code CatalogIndex <catalog root> [<source root>]} writes {@code <catalog
   * root>/index.bin} for the catalog under it (core's build runs it on its output's {@code
   * catalog/}, with the checkout its {@code recipes/} and {@code models/} were copied from as the
   * source root, whose files' sizes and times it records).
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path source = args.length > 1 ? Path.of(args[1]) : null;
    Path tmp = root.resolve(FILE + ".tmp");
    Instant now = Instant.now();
    long asOf = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Files.write(tmp, buildBytes(root, GpuCatalog.builtIn(), source, asOf));
    Files.move(
        tmp,
        root.resolve(FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Values as written: tag byte, then the value. Records are written field by field. */
  private static final class Writer {
    final DataOutputStream out;

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void result(RecipeParser.Result r) throws IOException {
      out.writeInt(r.recipes().size());
      for (Recipe x : r.recipes()) {
        recipe(x);
      }
      out.writeInt(r.problems().size());
      for (Problem p : r.problems()) {
        str(p.file());
        str(p.field());
        out.writeByte(p.severity().ordinal());
        str(p.message());
      }
    }

    void recipe(Recipe r) throws IOException {
      str(r.id());
      str(r.modelId());
      str(r.servedModel());
      enumValue(r.engine());
      str(r.gpu());
      out.writeInt(r.gpuCount());
      enumValue(r.precision());
      enumValue(r.metric());
      enumValue(r.type());
      out.writeBoolean(r.manualSelectionOnly());
      plain(r.engineArgs());
      out.writeInt(r.env().size());
      for (Map.Entry<String, String> e : r.env().entrySet()) {
        str(e.getKey());
        str(e.getValue());
      }
      str(r.engineVersion());
      RecipeSource s = r.source();
      out.writeBoolean(s != null);
      if (s != null) {
        str(s.file());
        enumValue(s.format());
        str(s.entry());
      }
      measurement(r.measured());
    }

    void measurement(Measurement m) throws IOException {
      out.writeBoolean(m != null);
      if (m == null) {
        return;
      }
      str(m.hardware());
      str(m.engineVersion());
      str(m.date());
      plain(m.workload());
      str(m.workloadText());
      enumValue(m.objective());
      out.writeInt(m.figures().size());
      for (Map.Entry<String, Double> e : m.figures().entrySet()) {
        str(e.getKey());
        out.writeDouble(e.getValue());
      }
    }

    void modelEntry(ModelEntry m) throws IOException {
      str(m.id());
      str(m.name());
      str(m.publisher());
      str(m.readiness());
      strings(m.variants());
      strings(m.tags());
      facts(m.facts());
      str(m.file());
      out.writeInt(m.stored().size());
      for (ModelEntry.Variant v : m.stored()) {
        str(v.id());
        enumValue(v.precision());
        out.writeLong(v.bytes());
      }
    }

    void facts(ModelFacts f) throws IOException {
      out.writeBoolean(f != null);
      if (f == null) {
        return;
      }
      str(f.id());
      str(f.family());
      str(f.sizeLabel());
      out.writeLong(f.parameters());
      out.writeLong(f.weightBytes());
      enumValue(f.nativePrecision());
      Architecture a = f.architecture();
      out.writeBoolean(a != null);
      if (a != null) {
        str(a.modelType());
        for (int i :
            new int[] {
              a.layers(),
              a.hiddenSize(),
              a.attentionHeads(),
              a.kvHeads(),
              a.headDim(),
              a.intermediateSize(),
              a.vocabSize(),
              a.maxContext(),
              a.slidingWindow()
            }) {
          out.writeInt(i);
        }
        out.writeBoolean(a.tiedEmbeddings());
        Architecture.Moe moe = a.moe();
        out.writeBoolean(moe != null);
        if (moe != null) {
          out.writeInt(moe.experts());
          out.writeInt(moe.activeExperts());
          out.writeInt(moe.expertIntermediateSize());
          out.writeInt(moe.sharedExperts());
          out.writeInt(moe.denseLayers());
        }
        Architecture.Mla mla = a.mla();
        out.writeBoolean(mla != null);
        if (mla != null) {
          out.writeInt(mla.kvLoraRank());
          out.writeInt(mla.qkRopeHeadDim());
        }
      }
      str(f.source());
      HubRepo repo = f.repo();
      out.writeBoolean(repo != null);
      if (repo != null) {
        str(repo.id());
        str(repo.commit());
        out.writeInt(repo.files().size());
        for (RepoFile rf : repo.files()) {
          str(rf.path());
          out.writeLong(rf.bytes());
        }
      }
    }

    void strings(List<String> l) throws IOException {
      out.writeInt(l.size());
      for (String s : l) {
        str(s);
      }
    }

    void enumValue(Enum<?> e) throws IOException {
      out.writeByte(e == null ? -1 : e.ordinal());
    }

    void str(String s) throws IOException {
      if (s == null) {
        out.writeInt(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }

    /**
     * A YAML value as {@link Yaml#plain} makes it: null, Boolean, Long, Double, String, List, Map.
     */
    void plain(Object v) throws IOException {
      switch (v) {
        case null -> out.writeByte('n');
        case Boolean b -> out.writeByte(b ? 't' : 'f');
        case Long l -> {
          out.writeByte('l');
          out.writeLong(l);
        }
        case Double d -> {
          out.writeByte('d');
          out.writeDouble(d);
        }
        case String s -> {
          out.writeByte('s');
          str(s);
        }
        case List<?> l -> {
          out.writeByte('L');
          out.writeInt(l.size());
          for (Object o : l) {
            plain(o);
          }
        }
        case Map<?, ?> m -> {
          out.writeByte('M');
          out.writeInt(m.size());
          for (Map.Entry<?, ?> e : m.entrySet()) {
            str((String) e.getKey());
            plain(e.getValue());
          }
        }
        default ->
            throw new IllegalArgumentException(
                "cannot index a " + v.getClass().getName() + " in a recipe");
      }
    }
  }

  private static final class Reader {
    private final ByteBuffer in;

    Reader(ByteBuffer in) {
      this.in = in;
    }

    RecipeParser.Result result() {
      int n = in.getInt();
      List<Recipe> recipes = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        recipes.add(recipe());
      }
      int p = in.getInt();
      List<Problem> problems = new ArrayList<>(p);
      for (int i = 0; i < p; i++) {
        problems.add(new Problem(str(), str(), Problem.Severity.values()[in.get()], str()));
      }
      return new RecipeParser.Result(recipes, problems);
    }

    @SuppressWarnings("unchecked")
    Recipe recipe() {
      String id = str();
      String modelId = str();
      String served = str();
      EngineKind engine = pick(EngineKind.values());
      String gpu = str();
      int count = in.getInt();
      Precision precision = pick(Precision.values());
      Metric metric = pick(Metric.values());
      RecipeType type = pick(RecipeType.values());
      boolean manual = in.get() != 0;
      Map<String, Object> args = (Map<String, Object>) plain();
      int n = in.getInt();
      Map<String, String> env = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        env.put(str(), str());
      }
      String version = str();
      RecipeSource source =
          in.get() != 0 ? new RecipeSource(str(), pick(RecipeSource.Format.values()), str()) : null;
      return new Recipe(
          id,
          modelId,
          served,
          engine,
          gpu,
          count,
          precision,
          metric,
          type,
          manual,
          args,
          env,
          version,
          source,
          measurement());
    }

    @SuppressWarnings("unchecked")
    Measurement measurement() {
      if (in.get() == 0) {
        return null;
      }
      String hardware = str();
      String engineVersion = str();
      String date = str();
      Map<String, Object> workload = (Map<String, Object>) plain();
      String workloadText = str();
      Metric objective = pick(Metric.values());
      int n = in.getInt();
      Map<String, Double> figures = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        figures.put(str(), in.getDouble());
      }
      return new Measurement(
          hardware, engineVersion, date, workload, workloadText, objective, figures);
    }

    ModelEntry modelEntry() {
      String id = str();
      String name = str();
      String publisher = str();
      String readiness = str();
      List<String> variants = strings();
      List<String> tags = strings();
      ModelFacts facts = facts();
      String file = str();
      int n = in.getInt();
      List<ModelEntry.Variant> stored = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        stored.add(new ModelEntry.Variant(str(), pick(Precision.values()), in.getLong()));
      }
      return new ModelEntry(id, name, publisher, readiness, variants, tags, facts, file, stored);
    }

    ModelFacts facts() {
      if (in.get() == 0) {
        return null;
      }
      String id = str();
      String family = str();
      String size = str();
      long parameters = in.getLong();
      long weightBytes = in.getLong();
      Precision precision = pick(Precision.values());
      Architecture arch = null;
      if (in.get() != 0) {
        String modelType = str();
        int[] v = new int[9];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.getInt();
        }
        boolean tied = in.get() != 0;
        Architecture.Moe moe =
            in.get() != 0
                ? new Architecture.Moe(
                    in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt())
                : null;
        Architecture.Mla mla =
            in.get() != 0 ? new Architecture.Mla(in.getInt(), in.getInt()) : null;
        arch =
            new Architecture(
                modelType, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], tied, moe, mla);
      }
      String source = str();
      HubRepo repo = null;
      if (in.get() != 0) {
        String repoId = str();
        String commit = str();
        int n = in.getInt();
        List<RepoFile> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          files.add(new RepoFile(str(), in.getLong()));
        }
        repo = new HubRepo(repoId, commit, files);
      }
      return new ModelFacts(
          id, family, size, parameters, weightBytes, precision, arch, source, repo);
    }

    List<String> strings() {
      int n = in.getInt();
      List<String> l = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        l.add(str());
      }
      return l;
    }

    private <E> E pick(E[] values) {
      int o = in.get();
      return o < 0 ? null : values[o];
    }

    String str() {
      int n = in.getInt();
      if (n < 0) {
        return null;
      }
      String s =
          new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
      in.position(in.position() + n);
      return s;
    }

    Object plain() {
      byte tag = in.get();
      return switch (tag) {
        case 'n' -> null;
        case 't' -> Boolean.TRUE;
        case 'f' -> Boolean.FALSE;
        case 'l' -> in.getLong();
        case 'd' -> in.getDouble();
        case 's' -> str();
        case 'L' -> {
          int n = in.getInt();
          List<Object> l = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            l.add(plain());
          }
          yield l;
        }
        case 'M' -> {
          int n = in.getInt();
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            m.put(str(), plain());
          }
          yield m;
        }
        default -> throw new IllegalStateException("corrupt catalog index (tag " + tag + ")");
      };
    }
  }
}
