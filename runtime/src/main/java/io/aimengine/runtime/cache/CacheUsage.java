package io.aimengine.runtime.cache;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the endpoint store knows about a cached model's use: which endpoints serve it now (so {@code
 * cache rm} and {@code prune} leave it alone) and when one last did (so {@code prune} removes the
 * least recently used first). The cache layout adds its own "last pulled or prepared" time; the
 * later of the two counts. Implementations must be thread-safe and cheap per call.
 */
public interface CacheUsage {
  /** No endpoints known: nothing in use, usage times from the layout only. */
  CacheUsage NONE =
      new CacheUsage() {
        @Override
        public Optional<Instant> lastUsed(RepoId repo) {
          return Optional.empty();
        }

        @Override
        public List<String> inUseBy(RepoId repo) {
          return List.of();
        }
      };

  /** When an endpoint last served the model (its latest start or stop), empty when never. */
  Optional<Instant> lastUsed(RepoId repo);

  /** Names of endpoints that are starting or running with the model, empty when none. */
  List<String> inUseBy(RepoId repo);
}
