package io.aimengine.core.plan;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.core.model.HfConfig;
import io.aimengine.core.model.ModelFacts;
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
     * The directory holding the model's config.json (and its safetensors index when it has one),
     * fetched if need be.
     *
     * @throws AimException when the id is unknown (exit 2) or access is refused
     */
    Fetched snapshot(String modelId);
  }

  /**
   * What a {@link Remote} found.
   *
   * @param dir the snapshot directory with config.json, empty when none could be had
   * @param whyNone why there is none (said in the plan), null when {@code dir} is present
   */
  public record Fetched(Optional<Path> dir, String whyNone) {
    public static Fetched of(Path dir) {
      return new Fetched(Optional.of(dir), null);
    }

    public static Fetched none(String why) {
      return new Fetched(Optional.empty(), why);
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

  public ModelFacts resolve(String model) {
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
    Optional<ModelEntry> entry = catalog.model(model);
    if (entry.isPresent()) {
      return entry.get().factsFor(model);
    }
    for (Function<String, Optional<Path>> s : snapshots) {
      Optional<Path> dir = s.apply(model);
      if (dir.isPresent() && Files.isRegularFile(dir.get().resolve("config.json"))) {
        return HfConfig.read(dir.get(), model);
      }
    }
    if (remote != null && !remote.online()) {
      return ModelFacts.unknown(model)
          .withSource("none: offline (HF_HUB_OFFLINE), so the id could not be checked on the Hub");
    }
    if (remote != null) {
      Fetched f = remote.snapshot(model);
      if (f.dir().isPresent()) {
        return HfConfig.read(f.dir().get(), model);
      }
      return ModelFacts.unknown(model).withSource("none: " + f.whyNone());
    }
    return ModelFacts.unknown(model);
  }
}
