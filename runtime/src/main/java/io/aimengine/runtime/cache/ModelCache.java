package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The model cache as commands see it: one call per {@code cache} subcommand, plus {@link #prepare}
 * for {@code launch} and {@link #snapshotFor} for the planner. Combines the layout ({@link
 * HubCache}), the downloader and the endpoint store's {@link CacheUsage}. Thread-safe.
 */
public final class ModelCache {
  private final HubCache layout;
  private final Downloader downloader;
  private final CacheUsage usage;
  private final DiskSpace disk;

  public ModelCache(HubCache layout, Downloader downloader, CacheUsage usage, DiskSpace disk) {
    this.layout = layout;
    this.downloader = downloader;
    this.usage = usage;
    this.disk = disk;
  }

  /** The cache of these settings ({@link Settings#hubCacheDir()}); the Hub is contacted lazily. */
  public static ModelCache create(Settings s, CacheUsage usage) {
    return create(s, usage, null);
  }

  /** A cache whose Hub requests go through {@code client} (null: {@link HubClient#create}). */
  public static ModelCache create(Settings s, CacheUsage usage, HubClient client) {
    HubCache layout = new HubCache(s.hubCacheDir());
    Downloader d =
        new Downloader(
            layout,
            () -> client != null ? client : HubClient.create(s),
            DiskSpace.system(),
            Downloader.ChannelOpener.standard(),
            Downloader.Tuning.defaults());
    return new ModelCache(layout, d, usage, DiskSpace.system());
  }

  public HubCache layout() {
    return layout;
  }

  /** A cached model with its use. {@code lastUsed} is the later of store and layout times. */
  public record Entry(CachedRepo repo, Instant lastUsed, List<String> inUseBy) {
    public Entry {
      inUseBy = List.copyOf(inUseBy);
    }
  }

  /**
   * Totals.
   *
   * @param root the hub cache directory
   * @param models cached models
   * @param blobs complete blobs
   * @param sizeBytes their bytes
   * @param partialBytes bytes of partial downloads
   * @param inUse models an endpoint uses now
   * @param freeBytes free space on the cache's disk, -1 when unknown
   */
  public record Stats(
      Path root,
      int models,
      int blobs,
      long sizeBytes,
      long partialBytes,
      int inUse,
      long freeBytes) {}

  public List<Entry> list() {
    return layout.repos().stream().map(this::entry).toList();
  }

  private Entry entry(CachedRepo r) {
    Instant used =
        usage.lastUsed(r.repo()).filter(t -> t.isAfter(r.lastTouched())).orElse(r.lastTouched());
    return new Entry(r, used, usage.inUseBy(r.repo()));
  }

  public Stats stats() {
    List<Entry> all = list();
    long free;
    try {
      free = disk.usableBytes(layout.root());
    } catch (IOException e) {
      free = -1;
    }
    return new Stats(
        layout.root(),
        all.size(),
        all.stream().mapToInt(e -> e.repo().blobCount()).sum(),
        all.stream().mapToLong(e -> e.repo().sizeBytes()).sum(),
        all.stream().mapToLong(e -> e.repo().incompleteBytes()).sum(),
        (int) all.stream().filter(e -> !e.inUseBy().isEmpty()).count(),
        free);
  }

  /**
   * {@code cache pull}: offline, checks the cache and names what is missing; online, fetches what
   * the revision has that the cache lacks.
   */
  public PullResult pull(PullRequest req, PullProgress progress) {
    if (req.offline()) {
      return local(req.repo(), req.revision(), req.patterns(), true)
          .orElseThrow(); // local() throws when incomplete and offline
    }
    return downloader.pull(req, progress);
  }

  /**
   * What {@code launch} calls before starting an engine: a revision that is completely cached is
   * used as it is, with no network request at all; otherwise the missing files are pulled, unless
   * {@code offline}, which fails naming them. Marks the snapshot as used.
   */
  public PullResult prepare(String modelId, String revision, boolean offline, PullProgress p) {
    PullRequest req =
        new PullRequest(RepoId.of(modelId), revision, FilePatterns.defaults(List.of()), offline);
    Optional<PullResult> cached = local(req.repo(), req.revision(), req.patterns(), offline);
    return cached.orElseGet(() -> downloader.pull(req, p));
  }

  /**
   * True when every default-pattern file of {@code modelId}@{@code revision} is cached (no I/O
   * beyond the layout).
   */
  public boolean isComplete(String modelId, String revision) {
    return Completeness.check(
            layout, RepoId.of(modelId), revision, FilePatterns.defaults(List.of()))
        .complete();
  }

  private Optional<PullResult> local(
      RepoId repo, String revision, FilePatterns patterns, boolean offline) {
    long t0 = System.nanoTime();
    Completeness c = Completeness.check(layout, repo, revision, patterns);
    if (!c.complete()) {
      if (offline) {
        throw AimException.unexpectedState(
            "offline: "
                + repo
                + "@"
                + revision
                + " is not completely cached; missing "
                + c.describe()
                + ". Run 'aim-engine cache pull "
                + repo
                + (revision.equals("main") ? "" : " --revision " + revision)
                + "' where the Hub is reachable");
      }
      return Optional.empty();
    }
    layout.touch(repo, c.commit());
    List<String> files = new ArrayList<>();
    long total = 0;
    CachedRepo r = layout.repo(repo).orElseThrow();
    for (CachedRepo.Snapshot s : r.snapshots()) {
      if (s.commit().equals(c.commit())) {
        for (String f : s.files()) {
          files.add(f);
          try {
            total += Files.size(c.snapshot().resolve(f));
          } catch (IOException e) {
            // counted as missing by the check above; a race with rm at worst
          }
        }
      }
    }
    return Optional.of(
        new PullResult(
            repo,
            revision,
            c.commit(),
            c.snapshot(),
            files,
            total,
            0,
            0,
            false,
            Duration.ofNanos(System.nanoTime() - t0)));
  }

  /**
   * The snapshot folder the planner reads config.json and safetensors sizes from; empty when the
   * model is not cached or {@code modelId} is no Hub id at all.
   */
  public Optional<Path> snapshotFor(String modelId, String revision) {
    try {
      return layout.snapshotFor(modelId, revision);
    } catch (AimException e) {
      return Optional.empty();
    }
  }

  /** What {@code rm} removed. */
  public record Removal(RepoId repo, long freedBytes, List<String> wasInUseBy) {}

  /** {@code cache rm}: refused while an endpoint uses the model, unless {@code force}. */
  public Removal remove(String modelId, boolean force) {
    RepoId repo = RepoId.of(modelId);
    CachedRepo r =
        layout
            .repo(repo)
            .orElseThrow(
                () ->
                    AimException.notFound(
                        repo
                            + " is not in the cache at "
                            + layout.root()
                            + " (see 'aim-engine cache list')"));
    List<String> users = usage.inUseBy(repo);
    if (!users.isEmpty() && !force) {
      throw AimException.unexpectedState(
          repo
              + " is in use by endpoint"
              + (users.size() > 1 ? "s " : " ")
              + String.join(", ", users)
              + ": stop "
              + (users.size() > 1 ? "them" : "it")
              + " first, or pass --force (the engine may then fail to read its weights)");
    }
    try {
      layout.delete(repo);
    } catch (IOException e) {
      throw new AimException(
          ExitCode.FAILURE, "cannot remove " + r.dir() + ": " + e.getMessage(), e);
    }
    return new Removal(repo, r.sizeBytes() + r.incompleteBytes(), users);
  }

  /** One model {@code prune} removes (or would), and why. */
  public record Pruned(Entry entry, String reason) {}

  /**
   * What {@code prune} did.
   *
   * @param removed models removed (or that would be, on a dry run), least recently used first
   * @param keptInUse models that matched but are in use, never removed
   * @param freedBytes bytes removed (or that would be)
   * @param remainingBytes cache size afterwards
   * @param dryRun nothing was deleted
   */
  public record PruneResult(
      List<Pruned> removed,
      List<Entry> keptInUse,
      long freedBytes,
      long remainingBytes,
      boolean dryRun) {}

  /**
   * {@code cache prune}: removes models unused for longer than {@code olderThan}, then least
   * recently used ones until the cache is at most {@code maxSize}. Never removes a model in use.
   */
  public PruneResult prune(
      Optional<Duration> olderThan, OptionalLong maxSize, boolean dryRun, Instant now) {
    if (olderThan.isEmpty() && maxSize.isEmpty()) {
      throw AimException.invalid("prune needs --older-than (e.g. 30d) or --max-size (e.g. 500G)");
    }
    List<Entry> all = new ArrayList<>(list());
    all.sort(Comparator.comparing(Entry::lastUsed).thenComparing(e -> e.repo().repo().id()));
    long total = all.stream().mapToLong(ModelCache::bytes).sum();
    List<Pruned> removed = new ArrayList<>();
    List<Entry> kept = new ArrayList<>();
    for (Entry e : all) {
      String reason = null;
      if (olderThan.isPresent() && e.lastUsed().isBefore(now.minus(olderThan.get()))) {
        reason = "unused for " + days(Duration.between(e.lastUsed(), now));
      } else if (maxSize.isPresent() && total > maxSize.getAsLong()) {
        reason = "cache over " + Bytes.human(maxSize.getAsLong()) + ", least recently used";
      }
      if (reason == null) {
        continue;
      }
      if (!e.inUseBy().isEmpty()) {
        kept.add(e);
        continue;
      }
      removed.add(new Pruned(e, reason));
      total -= bytes(e);
    }
    if (!dryRun) {
      for (Pruned p : removed) {
        try {
          layout.delete(p.entry().repo().repo());
        } catch (IOException ex) {
          throw new AimException(
              ExitCode.FAILURE,
              "cannot remove " + p.entry().repo().dir() + ": " + ex.getMessage(),
              ex);
        }
      }
      try {
        layout.sweepTrash();
      } catch (IOException ex) {
        // leftovers of an interrupted delete: the next prune tries again
      }
    }
    long freed = removed.stream().mapToLong(p -> bytes(p.entry())).sum();
    return new PruneResult(removed, kept, freed, total, dryRun);
  }

  private static long bytes(Entry e) {
    return e.repo().sizeBytes() + e.repo().incompleteBytes();
  }

  private static String days(Duration d) {
    long days = d.toDays();
    return days >= 1 ? days + "d" : d.toHours() + "h";
  }

  /** {@code cache verify}'s verdict. */
  public record Verification(
      RepoId repo,
      int blobs,
      long bytes,
      List<String> corrupt,
      List<String> dangling,
      boolean fixed) {
    public boolean ok() {
      return corrupt.isEmpty() && dangling.isEmpty();
    }
  }

  /**
   * {@code cache verify}: re-hashes every blob of the model against its name. With {@code fix},
   * corrupt blobs are deleted so the next pull fetches them again.
   */
  public Verification verify(String modelId, boolean fix, PullProgress progress) {
    RepoId repo = RepoId.of(modelId);
    CachedRepo r =
        layout
            .repo(repo)
            .orElseThrow(
                () -> AimException.notFound(repo + " is not in the cache at " + layout.root()));
    Verifier.Outcome o = Verifier.run(layout, r, progress);
    if (fix) {
      for (String etag : o.corrupt()) {
        try {
          Files.deleteIfExists(layout.blob(repo, etag));
        } catch (IOException e) {
          throw new AimException(
              ExitCode.FAILURE, "cannot delete corrupt blob " + etag + ": " + e.getMessage(), e);
        }
      }
    }
    List<String> dangling = new ArrayList<>();
    for (CachedRepo.Snapshot s : r.snapshots()) {
      for (String d : s.dangling()) {
        dangling.add(s.commit().substring(0, 12) + "/" + d);
      }
    }
    return new Verification(
        repo, r.blobCount(), r.sizeBytes(), o.corrupt(), dangling, fix && !o.corrupt().isEmpty());
  }
}
