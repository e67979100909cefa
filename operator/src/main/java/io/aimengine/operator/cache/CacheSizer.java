package io.aimengine.operator.cache;

import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.runtime.cache.FilePatterns;
import io.aimengine.runtime.cache.HubClient;
import io.aimengine.runtime.cache.RemoteFile;
import io.aimengine.runtime.cache.RepoId;
import io.aimengine.runtime.cache.RepoInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sizes an AIMCache's PVC, and says where the size came from. In order: {@code spec.size}; else the
 * bytes {@code aim-engine cache pull} would fetch (the default file set of the revision, as the Hub
 * lists it with {@code GET /api/models/{id}/revision/{rev}?blobs=true}) plus headroom; else, when
 * the Hub cannot answer (offline, unreachable, gated, unknown repo, sizes missing), the catalog's
 * weight size plus headroom; else {@value #FALLBACK}. Thread-safe.
 */
public final class CacheSizer {
  static final String FALLBACK = "100Gi";
  private static final long GIB = 1L << 30;

  /**
   * A PVC size and its provenance.
   *
   * @param size the PVC request
   * @param fromSource true when it is the spec's size or the Hub's listing (not an estimate)
   * @param reason FromSpec, FromHub, CatalogEstimate or DefaultSize
   * @param message where the size came from, for condition SizeKnown
   */
  public record Sized(Quantity size, boolean fromSource, String reason, String message) {}

  private final Optional<HubClient> hub;
  private final String offlineWhy;
  private final Function<String, ModelFacts> facts;

  /**
   * @param hub the Hub to list revisions on; empty when it must not be asked
   * @param offlineWhy why there is no Hub ("HF_HUB_OFFLINE is set"), shown in the fallback message
   */
  public CacheSizer(Optional<HubClient> hub, String offlineWhy, ModelFactsResolver facts) {
    this(hub, offlineWhy, facts::resolve);
  }

  CacheSizer(Optional<HubClient> hub, String offlineWhy, Function<String, ModelFacts> facts) {
    this.hub = hub;
    this.offlineWhy = offlineWhy;
    this.facts = facts;
  }

  /**
   * The size of a cache of {@code model} at {@code revision}.
   *
   * @param specSize the spec's size, or null
   * @throws IllegalArgumentException when {@code specSize} is not a quantity
   */
  public Sized size(String model, String revision, String specSize, int headroomPercent) {
    if (specSize != null) {
      Quantity q = new Quantity(specSize);
      Quantity.getAmountInBytes(q); // throws IllegalArgumentException when not a size
      return new Sized(q, true, "FromSpec", "spec.size " + specSize);
    }
    String rev = revision == null ? "main" : revision;
    String hubWhy;
    if (hub.isEmpty()) {
      hubWhy = offlineWhy;
    } else {
      try {
        RepoInfo info = hub.get().repoInfo(RepoId.of(model), rev);
        return fromListing(info, rev, headroomPercent, hub.get().endpoint());
      } catch (NoSizeException e) {
        hubWhy = e.getMessage();
      } catch (RuntimeException e) { // AimException for HTTP/JSON failures, and anything else
        hubWhy =
            hub.get().endpoint() + " could not list " + model + "@" + rev + ": " + e.getMessage();
      }
    }
    ModelFacts f = facts.apply(model);
    if (f != null && f.hasMemoryFacts()) {
      long weights = f.weightBytesAt(f.nativePrecision());
      Quantity q = withHeadroom(weights, headroomPercent);
      return new Sized(
          q,
          false,
          "CatalogEstimate",
          hubWhy
              + "; sized from the catalog's weights of "
              + model
              + " ("
              + gib(weights)
              + ") + "
              + headroomPercent
              + "% = "
              + q
              + "; set spec.size to choose");
    }
    return new Sized(
        new Quantity(FALLBACK),
        false,
        "DefaultSize",
        hubWhy
            + "; the catalog has no weight size for "
            + model
            + ": "
            + FALLBACK
            + " by default; set spec.size to choose");
  }

  /** What {@code cache pull} fetches of {@code info} (its default file set), plus headroom. */
  static Sized fromListing(RepoInfo info, String revision, int headroomPercent, String endpoint) {
    Map<String, RemoteFile> byPath =
        info.files().stream()
            .collect(
                Collectors.toMap(
                    RemoteFile::path, f -> f, (a, b) -> a, java.util.LinkedHashMap::new));
    List<String> chosen = FilePatterns.defaults(List.of()).select(List.copyOf(byPath.keySet()));
    if (chosen.isEmpty()) {
      throw new NoSizeException(
          endpoint + " lists no weights or config for " + info.repo() + "@" + revision);
    }
    long bytes = 0;
    List<String> unsized = new ArrayList<>();
    for (String p : chosen) {
      long s = byPath.get(p).size();
      if (s < 0) {
        unsized.add(p);
      } else {
        bytes += s;
      }
    }
    if (!unsized.isEmpty()) {
      throw new NoSizeException(
          endpoint
              + " lists "
              + info.repo()
              + "@"
              + revision
              + " without the size of "
              + unsized.size()
              + " file(s) ("
              + unsized.get(0)
              + (unsized.size() > 1 ? ", ..." : "")
              + ")");
    }
    Quantity q = withHeadroom(bytes, headroomPercent);
    return new Sized(
        q,
        true,
        "FromHub",
        endpoint
            + ": "
            + chosen.size()
            + " file(s) of "
            + info.repo()
            + "@"
            + revision
            + " (commit "
            + info.commit().substring(0, 12)
            + ") total "
            + gib(bytes)
            + " + "
            + headroomPercent
            + "% = "
            + q);
  }

  /** {@code bytes} plus {@code percent} %, rounded up to whole GiB (at least 1Gi). */
  static Quantity withHeadroom(long bytes, int percent) {
    double total = bytes * (1 + percent / 100.0);
    return new Quantity(Math.max(1, (long) Math.ceil(total / GIB)) + "Gi");
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) GIB);
  }

  /** The Hub answered, but not with sizes for what a pull would fetch. */
  private static final class NoSizeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSizeException(String message) {
      super(message);
    }
  }
}
