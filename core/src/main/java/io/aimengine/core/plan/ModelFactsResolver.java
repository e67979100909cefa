package io.aimengine.core.plan;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.core.model.DtypeCounts;
import io.aimengine.core.model.HfConfig;
import io.aimengine.core.model.HubRepo;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.ModelIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the facts the planner needs for a model, from the best source available:
 *
 * <ol>
 *   <li>a local path: a directory with config.json (+ safetensors index or headers), or a file a
 *       registered file reader understands (GGUF);
 *   <li>the catalog's model file;
 *   <li>a local snapshot of the model (the model cache), read like a local directory;
 *   <li>the Hub, metadata only (config.json and the safetensors index, kept in the model cache so
 *       the next plan needs no network), when a {@link Remote} is registered and may go online;
 *   <li>nothing: facts unknown (the planner then uses the size in the name and says so).
 * </ol>
 *
 * Reads files; the planner itself stays pure.
 */
public final class ModelFactsResolver {
  private final Catalog catalog;
  private final List<Function<String, Optional<Path>>> snapshots = new ArrayList<>();
  private final List<FileReader> fileReaders = new ArrayList<>();
  private Remote remote;

  /** Where facts for models outside the catalog and the cache come from (the Hub). */
  public interface Remote {
    /** False when the network may not be used (HF_HUB_OFFLINE). */
    boolean online();

    /**
     * The model's config.json directory, file listing and parameter counts: from the model cache
     * when it has them, else fetched (metadata only) when online.
     *
     * @param needListing a cached config.json without the repo's file listing is not enough
     * @throws AimException when the id is unknown (exit 2) or access is refused
     */
    Fetched snapshot(String modelId, boolean needListing);
  }

  /**
   * What a {@link Remote} found.
   *
   * @param dir the snapshot directory with config.json, empty when none could be had
   * @param repo the Hub's listing of the repo's files, null when unknown
   * @param counts parameter counts per dtype (the Hub's safetensors summary, or the tensor
   *     headers), {@link DtypeCounts#NONE} when unknown
   * @param whyNone why there is no config.json (said in the plan), null when {@code dir} is present
   */
  public record Fetched(Optional<Path> dir, HubRepo repo, DtypeCounts counts, String whyNone) {
    public static Fetched of(Path dir) {
      return new Fetched(Optional.of(dir), null, DtypeCounts.NONE, null);
    }

    public static Fetched none(String why) {
      return new Fetched(Optional.empty(), null, DtypeCounts.NONE, why);
    }
  }

  /** Reads facts from a model file of one format (e.g. GGUF). */
  public interface FileReader {
    boolean accepts(Path file);

    ModelFacts read(Path file);
  }

  public ModelFactsResolver(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Adds a source of local snapshot directories by model id (the model cache). */
  public ModelFactsResolver withSnapshots(Function<String, Optional<Path>> source) {
    snapshots.add(source);
    return this;
  }

  /** Sets where uncatalogued, uncached models get their facts from. */
  public ModelFactsResolver withRemote(Remote r) {
    this.remote = r;
    return this;
  }

  /** Adds a reader for single-file model formats. */
  public ModelFactsResolver withFileReader(FileReader reader) {
    fileReaders.add(reader);
    return this;
  }

  /** True when {@code model} names something on the local file system rather than a hub id. */
  public static boolean isLocal(String model) {
    return model.startsWith("/")
        || model.startsWith("./")
        || model.startsWith("../")
        || model.startsWith("~")
        || Files.exists(Path.of(model));
  }

  /** Facts for {@code model} as vLLM or SGLang would load it. */
  public ModelFacts resolve(String model) {
    return resolve(model, false);
  }

  /**
   * Facts for {@code model}; {@code gguf} when the engine loads GGUF files (llama.cpp), which needs
   * the Hub's listing of the repo to choose one.
   *
   * @throws AimException (invalid input) for a Hub id whose files cannot be listed when {@code
   *     gguf}, an id the Hub does not know, an unreadable local path
   */
  public ModelFacts resolve(String model, boolean gguf) {
    if (isLocal(model)) {
      Path p = Path.of(model);
      if (Files.isDirectory(p)) {
        return HfConfig.read(p, model);
      }
      if (Files.isRegularFile(p)) {
        for (FileReader r : fileReaders) {
          if (r.accepts(p)) {
            return r.read(p);
          }
        }
        throw AimException.invalid(
            model + ": not a model directory (config.json) or a known model file format");
      }
      throw AimException.notFound(model + ": no such file or directory");
    }
    String id = ModelIds.repo(model);
    Optional<ModelEntry> entry = catalog.model(id);
    // llama.cpp loads one GGUF file: it needs the repo's listing even for a catalogued model.
    boolean needListing = gguf || ModelIds.ggufTag(model).isPresent();
    if (entry.isPresent() && !needListing) {
      return entry.get().factsFor(id);
    }
    Fetched f = null;
    if (remote != null) {
      // The Hub source looks in the model cache first; it goes online only when allowed.
      f = remote.snapshot(id, needListing);
      if (f.repo() != null && entry.isPresent()) {
        return entry.get().factsFor(id).withRepo(f.repo());
      }
      if (f.dir().isPresent()) {
        return HfConfig.read(f.dir().get(), id, f.counts()).withRepo(f.repo());
      }
      if (f.repo() != null) {
        return ModelFacts.unknown(id)
            .withSource("hub: " + id + " lists no config.json (GGUF files only)")
            .withRepo(f.repo());
      }
    }
    if (needListing) {
      throw AimException.invalid(
          model
              + ": llama.cpp serves GGUF files, and the files of this repo could not be listed ("
              + (remote == null
                  ? "no Hub configured"
                  : !remote.online() ? "offline and not in the model cache" : f.whyNone())
              + "); pass a local .gguf file, or plan once online");
    }
    for (Function<String, Optional<Path>> s : snapshots) {
      Optional<Path> dir = s.apply(id);
      if (dir.isPresent() && Files.isRegularFile(dir.get().resolve("config.json"))) {
        return HfConfig.read(dir.get(), id);
      }
    }
    if (remote != null && !remote.online()) {
      return ModelFacts.unknown(id)
          .withSource("none: offline (HF_HUB_OFFLINE), so the id could not be checked on the Hub");
    }
    if (f != null) {
      return ModelFacts.unknown(id).withSource("none: " + f.whyNone());
    }
    return ModelFacts.unknown(id);
  }
}
