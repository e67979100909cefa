package io.aimengine.runtime.store;

import io.aimengine.core.model.JsonTree;
import io.aimengine.runtime.cache.CacheUsage;
import io.aimengine.runtime.cache.RepoId;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The endpoint store as the model cache sees it: an endpoint uses a cached model when it asked for
 * it or its engine loads it (the plan's served checkpoint); it is in use while the endpoint is
 * active, and was last used when the endpoint last ran (now, for an active one). The endpoint list
 * is read once per instance, on first use — one CLI command.
 */
public final class StoreCacheUsage implements CacheUsage {
  // jackson-core alone: a plan creates this (the model cache's usage) without reading a plan JSON.
  private static final JsonTree JSON = new JsonTree();

  private final Supplier<List<Endpoint>> source;
  private final Clock clock;
  private List<Endpoint> endpoints;

  /**
   * @param source the reconciled endpoint list ({@link EndpointStore#list()})
   */
  public StoreCacheUsage(Supplier<List<Endpoint>> source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  private synchronized List<Endpoint> endpoints() {
    if (endpoints == null) {
      endpoints = List.copyOf(source.get());
    }
    return endpoints;
  }

  @Override
  public Optional<Instant> lastUsed(RepoId repo) {
    Instant now = clock.instant();
    return endpoints().stream()
        .filter(e -> uses(e, repo))
        .map(e -> e.state().active() ? now : e.endedAt() != null ? e.endedAt() : e.updatedAt())
        .max(Instant::compareTo);
  }

  @Override
  public List<String> inUseBy(RepoId repo) {
    return endpoints().stream()
        .filter(e -> e.state().active() && uses(e, repo))
        .map(Endpoint::name)
        .sorted()
        .toList();
  }

  static boolean uses(Endpoint e, RepoId repo) {
    return repo.id().equals(e.model()) || repo.id().equals(checkpoint(e));
  }

  /** The checkpoint the engine loads, from the recorded plan ("served_model"). */
  private static String checkpoint(Endpoint e) {
    if (e.planJson() == null || e.planJson().isBlank()) {
      return null;
    }
    try {
      return JSON.read(e.planJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .path("served_model")
          .asText(null);
    } catch (IOException ex) {
      return null;
    }
  }
}
