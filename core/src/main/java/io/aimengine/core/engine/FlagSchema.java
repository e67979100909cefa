package io.aimengine.core.engine;

import io.aimengine.core.EditDistance;
import io.aimengine.core.engine.FlagSpec.Status;
import io.aimengine.core.engine.FlagSpec.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command-line flags one engine accepts, and the ones it used to accept or never did, loaded
 * from {@code <engine>-flags.tsv} (format documented in the file header). Lookups accept the
 * spellings the engines' own parsers accept: with or without leading dashes, '_' for '-', declared
 * aliases, and {@code no-NAME} for vLLM's BooleanOptionalAction flags. Immutable and thread-safe;
 * one instance per engine.
 */
public final class FlagSchema {
  private static final Map<EngineKind, FlagSchema> CACHE = new EnumMap<>(EngineKind.class);

  private final EngineKind engine;
  private final List<FlagSpec> specs;
  private final Map<String, FlagSpec> byName = new LinkedHashMap<>();
  private final Map<String, FlagSpec> byShort = new LinkedHashMap<>();
  private final String latestKnownVersion;

  FlagSchema(EngineKind engine, List<FlagSpec> specs, String latestKnownVersion) {
    this.engine = engine;
    this.specs = List.copyOf(specs);
    this.latestKnownVersion = latestKnownVersion;
    for (FlagSpec s : specs) {
      byName.put(s.name(), s);
    }
    for (FlagSpec s : specs) {
      for (String a : s.aliases()) {
        byName.putIfAbsent(a, s);
      }
      for (String f : s.shortForms()) {
        byShort.putIfAbsent(f, s);
      }
    }
  }

  /** The schema of an engine, loaded once from its resource. */
  public static FlagSchema forEngine(EngineKind engine) {
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(engine, FlagTable::load);
    }
  }

  public EngineKind engine() {
    return engine;
  }

  /** Every entry, active or not, in table order. */
  public List<FlagSpec> all() {
    return specs;
  }

  /**
   * The newest engine release the table's removals were checked against ("0.18.0"); empty where the
   * table records no versions (llama.cpp).
   */
  public Optional<String> latestKnownVersion() {
    return Optional.ofNullable(latestKnownVersion);
  }

  /**
   * The entry for a flag as written in a recipe or on a command line ("--max-num-seqs",
   * "max_num_seqs", "-tp", "no-enable-prefix-caching"), whatever its status; empty when the table
   * does not know the name at all.
   */
  public Optional<FlagSpec> find(String flag) {
    if (flag == null || flag.isBlank()) {
      return Optional.empty();
    }
    String raw = flag.trim();
    if (raw.startsWith("-") && !raw.startsWith("--") && byShort.containsKey(raw)) {
      return Optional.of(byShort.get(raw));
    }
    String key = canonical(raw);
    FlagSpec direct = byName.get(key);
    if (direct != null) {
      return Optional.of(direct);
    }
    if (key.startsWith("no-")) {
      FlagSpec positive = byName.get(key.substring(3));
      if (positive != null && positive.type() == ValueType.BOOL) {
        return Optional.of(positive);
      }
    }
    return Optional.empty();
  }

  /** True when {@code flag} is the {@code no-} form of a BooleanOptionalAction flag. */
  public boolean isNegatedForm(String flag) {
    String key = canonical(flag);
    return key.startsWith("no-")
        && !byName.containsKey(key)
        && find(key).map(s -> s.type() == ValueType.BOOL).orElse(false);
  }

  /**
   * Did-you-mean candidates for a flag, best first, as names without dashes: the table's explicit
   * replacement when it has one, then active flags within a small edit distance. Empty when nothing
   * is close.
   */
  public List<String> suggest(String flag) {
    String key = canonical(flag);
    Set<String> out = new LinkedHashSet<>();
    boolean negated = key.startsWith("no-") && find(key).isEmpty();
    String base = negated ? key.substring(3) : key;
    find(key)
        .filter(s -> s.replacement() != null && !s.replacement().isEmpty())
        .ifPresent(s -> out.add(s.replacement()));
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (FlagSpec s : specs) {
      if (s.status() != Status.ACTIVE || (negated && s.type() != ValueType.BOOL)) {
        continue;
      }
      for (String candidate : names(s)) {
        int d = EditDistance.between(base, candidate);
        if (candidate.length() >= 4 && base.length() >= 4 && candidate.startsWith(base)) {
          d = Math.min(d, 2);
        }
        if (d <= Math.max(2, base.length() / 4)) {
          scored.add(new Scored(negated ? "no-" + s.name() : s.name(), d));
        }
      }
    }
    scored.stream()
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .map(Scored::name)
        .filter(n -> !n.equals(key))
        .forEach(out::add);
    return out.stream().limit(3).toList();
  }

  /**
   * Whether release {@code engineVersion} of this engine accepts {@code flag}. A null or blank
   * version means the latest known one. Unknown and invalid flags exist in no version; deprecated
   * flags exist until their removal version; removed flags exist only before it (never, when the
   * table does not record it); flags with an {@code added_in} version exist from it on.
   *
   * @throws io.aimengine.core.AimException (invalid input) when the version cannot be read
   */
  public boolean existsIn(String flag, String engineVersion) {
    Optional<FlagSpec> spec = find(flag);
    if (spec.isEmpty() || spec.get().status() == Status.INVALID) {
      return false;
    }
    FlagSpec s = spec.get();
    Optional<EngineVersion> version = version(engineVersion);
    if (version.isEmpty()) {
      return s.status() != Status.REMOVED;
    }
    EngineVersion v = version.get();
    if (s.addedVersion().map(v::isBefore).orElse(false)) {
      return false;
    }
    Optional<EngineVersion> removed = s.removedVersion();
    if (s.status() == Status.REMOVED) {
      return removed.map(v::isBefore).orElse(false);
    }
    return removed.map(v::isBefore).orElse(true);
  }

  private Optional<EngineVersion> version(String engineVersion) {
    if (engineVersion == null || engineVersion.isBlank()) {
      return EngineVersion.find(latestKnownVersion);
    }
    return Optional.of(EngineVersion.parse(engineVersion, engine.label() + " version"));
  }

  /** The canonical spelling of a flag key: no leading dashes, lower case, '_' → '-'. */
  public static String canonical(String flag) {
    return flag == null ? "" : io.aimengine.core.catalog.Recipe.canonicalFlag(flag);
  }

  private static List<String> names(FlagSpec s) {
    List<String> n = new ArrayList<>();
    n.add(s.name());
    n.addAll(s.aliases());
    return n;
  }

  @Override
  public String toString() {
    return "FlagSchema[" + engine.label() + ", " + specs.size() + " flags]";
  }
}
