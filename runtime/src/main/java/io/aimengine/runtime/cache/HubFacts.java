package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Model facts from the Hub, metadata only: {@code config.json} and the safetensors index ({@code
 * metadata.total_size}), never the weights. They land in the model cache like any pulled file
 * (blobs, snapshot links, refs), so the next plan, and every offline plan, reads them with no
 * network; the planner reads them through {@link ModelCache#snapshotFor}. Offline ({@code
 * HF_HUB_OFFLINE}) it only looks in the cache. Thread-safe as {@link ModelCache} is.
 */
public final class HubFacts {
  /** The metadata files a plan needs. */
  static final List<String> FILES = List.of("config.json", "model.safetensors.index.json");

  private final ModelCache cache;
  private final boolean offline;

  public HubFacts(ModelCache cache, boolean offline) {
    this.cache = cache;
    this.offline = offline;
  }

  /** Whether the Hub may be asked (false under HF_HUB_OFFLINE). */
  public boolean online() {
    return !offline;
  }

  /**
   * The snapshot folder holding {@code modelId}'s config.json: the cached one when there is one,
   * else (online) fetched into the cache. Empty offline when nothing is cached, or when the repo
   * has no config.json (a GGUF-only repo).
   *
   * @throws RepoNotFound when the Hub does not know the id
   * @throws Unreachable when the Hub could not be reached
   * @throws AimException for a gated repo without a usable token, and other Hub failures
   */
  public Optional<Path> snapshot(String modelId) {
    return snapshot(modelId, "main");
  }

  /** {@link #snapshot(String)} at {@code revision} (branch, tag or commit), cached per revision. */
  public Optional<Path> snapshot(String modelId, String revision) {
    Optional<RepoId> repo = RepoId.parse(modelId);
    if (repo.isEmpty()) {
      return Optional.empty();
    }
    Optional<Path> cached = withConfig(cache.snapshotFor(modelId, revision));
    if (cached.isPresent() || offline) {
      return cached;
    }
    PullRequest req =
        new PullRequest(repo.get(), revision, FilePatterns.of(FILES, List.of()), false);
    try {
      cache.pull(req, PullProgress.NONE);
    } catch (AimException e) {
      if (e.getCause() instanceof Transient) {
        throw new Unreachable(e.getMessage(), e);
      }
      throw e;
    }
    return withConfig(cache.snapshotFor(modelId, revision));
  }

  /** The Hub could not be reached (network, timeouts, 5xx): facts are unknown, not wrong. */
  public static final class Unreachable extends AimException {
    Unreachable(String message, Throwable cause) {
      super(io.aimengine.core.ExitCode.FAILURE, message, cause);
    }
  }

  private static Optional<Path> withConfig(Optional<Path> dir) {
    return dir.filter(d -> Files.isRegularFile(d.resolve("config.json")));
  }
}
