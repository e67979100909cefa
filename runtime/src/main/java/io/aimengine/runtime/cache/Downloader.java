package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Pulls a model revision from the Hub into a {@link HubCache}: files in parallel, large files in
 * parallel byte ranges written into one {@code .incomplete} file, resumed after interruption,
 * verified against their etag before an atomic rename publishes them, linked into the snapshot only
 * when every file is in, and the revision's ref written last. A pull that fails leaves the snapshot
 * as it was (resumable partial files aside). Thread-safe; one instance serves many pulls.
 */
public final class Downloader {
  /**
   * How hard to pull.
   *
   * @param connections concurrent HTTP range requests, over all files
   * @param chunkBytes size of one range request
   * @param spaceMargin free bytes to leave on the disk beyond the download
   */
  public record Tuning(int connections, long chunkBytes, long spaceMargin) {
    public static Tuning defaults() {
      return new Tuning(8, 32L << 20, 512L << 20);
    }
  }

  /** Opens the {@code .incomplete} file for positional writes; tests inject failing channels. */
  @FunctionalInterface
  public interface ChannelOpener {
    FileChannel open(Path part) throws IOException;

    static ChannelOpener standard() {
      return p ->
          FileChannel.open(
              p,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              java.nio.file.LinkOption.NOFOLLOW_LINKS); // a planted link is not written through
    }
  }

  private final HubCache cache;
  private final Supplier<HubClient> client;
  private final DiskSpace disk;
  private final ChannelOpener opener;
  private final Tuning tuning;

  public Downloader(
      HubCache cache,
      Supplier<HubClient> client,
      DiskSpace disk,
      ChannelOpener opener,
      Tuning tuning) {
    this.cache = cache;
    this.client = client;
    this.disk = disk;
    this.opener = opener;
    this.tuning = tuning;
  }

  /**
   * One file of the pull and what the cache already has of it.
   *
   * @param location where to fetch it when a HEAD already said, else null
   * @param linked the snapshot already links it to its blob
   * @param blobPresent its blob is in the cache
   * @param have bytes of it in a partial download
   */
  record Item(RemoteFile file, URI location, boolean linked, boolean blobPresent, long have) {
    String etag() {
      return file.etag();
    }
  }

  /** Pulls over the network. Offline pulls are {@link ModelCache}'s. */
  public PullResult pull(PullRequest req, PullProgress progress) {
    long t0 = System.nanoTime();
    HubClient hub = client.get();
    RepoId repo = req.repo();
    RepoInfo info = hub.repoInfo(repo, req.revision());
    String commit = info.commit();
    cache.requireNoLinks(repo, commit);
    Map<String, RemoteFile> byPath = new LinkedHashMap<>();
    info.files().forEach(f -> byPath.put(f.path(), f));
    List<String> chosen = req.patterns().select(List.copyOf(byPath.keySet()));
    if (chosen.isEmpty()) {
      throw AimException.invalid(
          "no file of "
              + repo
              + "@"
              + req.revision()
              + " matches "
              + (req.patterns().isDefault()
                  ? "the default set (weights, config, tokenizer)"
                  : "--include " + req.patterns().include())
              + "; it has "
              + preview(byPath.keySet()));
    }
    List<Item> items = new ArrayList<>();
    for (String path : chosen) {
      items.add(inspect(hub, repo, commit, byPath.get(path)));
    }
    long total = items.stream().mapToLong(i -> i.file().size()).sum();
    long present =
        items.stream()
            .mapToLong(i -> i.linked() || i.blobPresent() ? i.file().size() : i.have())
            .sum();
    List<Item> missing = items.stream().filter(i -> !i.linked() && !i.blobPresent()).toList();
    checkSpace(repo, missing);

    LongAdder fetched = new LongAdder();
    progress.started(repo, commit, items.size(), total, present);
    try {
      if (!missing.isEmpty()) {
        downloadAll(hub, repo, commit, missing, fetched, progress);
      }
      publish(repo, commit, items);
      cache.writeRef(repo, req.revision(), commit);
      cache.touch(repo, commit);
    } catch (IOException e) {
      throw new AimException(
          ExitCode.FAILURE, "cannot write the cache at " + cache.root() + ": " + e.getMessage(), e);
    } finally {
      progress.finished();
    }
    return new PullResult(
        repo,
        req.revision(),
        commit,
        cache.snapshotDir(repo, commit),
        chosen,
        total,
        fetched.sum(),
        missing.size(),
        true,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private Item inspect(HubClient hub, RepoId repo, String commit, RemoteFile f) {
    URI location = null;
    if (f.etag() == null || f.size() < 0) {
      // A listing without blob ids (some mirrors): ask the file itself.
      FileMeta m = hub.fileMeta(repo, commit, f.path());
      f =
          new RemoteFile(
              f.path(), m.size(), m.etag(), HubCache.isEtag(m.etag()) && m.etag().length() == 64);
      location = m.location();
    }
    if (f.size() < 0) {
      throw AimException.failure(
          hub.endpoint() + " did not say how large " + repo + "/" + f.path() + " is");
    }
    Path link = cache.snapshotFile(repo, commit, f.path());
    Path blob = cache.blob(repo, f.etag());
    boolean blobPresent = Files.isRegularFile(blob);
    boolean linked = blobPresent && HubCache.linkedEtag(link).map(f.etag()::equals).orElse(false);
    long have = 0;
    if (!blobPresent) {
      try {
        have = Spans.load(cache.incomplete(repo, f.etag()), f.size()).done();
      } catch (IOException e) {
        have = 0;
      }
    }
    return new Item(f, location, linked, blobPresent, have);
  }

  private void checkSpace(RepoId repo, List<Item> missing) {
    long need = missing.stream().mapToLong(i -> i.file().size() - i.have()).sum();
    if (need == 0) {
      return;
    }
    long free;
    try {
      free = disk.usableBytes(cache.root());
    } catch (IOException e) {
      return; // unknown: the write itself will tell
    }
    if (free < need + tuning.spaceMargin()) {
      throw AimException.unexpectedState(
          "not enough disk space for "
              + repo
              + ": the download needs "
              + Bytes.human(need)
              + " (+"
              + Bytes.human(tuning.spaceMargin())
              + " margin) but "
              + cache.root()
              + " has "
              + Bytes.human(free)
              + " free; free space (aim-engine cache prune --max-size ...) or set AIM_CACHE_DIR"
              + " to a larger disk");
    }
  }

  private void downloadAll(
      HubClient hub,
      RepoId repo,
      String commit,
      List<Item> missing,
      LongAdder fetched,
      PullProgress progress) {
    Set<Spans> open = ConcurrentHashMap.newKeySet();
    BlobDownload.Context context =
        new BlobDownload.Context(
            cache,
            hub,
            repo,
            commit,
            opener,
            tuning.chunkBytes(),
            new Semaphore(tuning.connections(), true),
            fetched,
            progress,
            open);
    AtomicReference<RuntimeException> first = new AtomicReference<>();
    Thread saver =
        new Thread(() -> open.forEach(Downloader::saveQuietly), "aim-cache-resume-state");
    io.aimengine.core.ShutdownHooks.add(saver);
    try (ExecutorService files = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> tasks = new ArrayList<>();
      // Largest first: the long pole starts at once, small files fill the gaps.
      List<Item> order = new ArrayList<>(missing);
      order.sort(Comparator.comparingLong((Item i) -> i.file().size()).reversed());
      for (Item it : order) {
        if (first.get() != null) {
          break; // an early failure shut the executor down: submitting more would be rejected
        }
        Future<?> task;
        try {
          task =
              files.submit(
                  () -> {
                    try {
                      new BlobDownload(context, it).run();
                    } catch (RuntimeException e) {
                      if (first.compareAndSet(null, e)) {
                        files.shutdownNow();
                      }
                    }
                  });
        } catch (java.util.concurrent.RejectedExecutionException e) {
          break; // shut down by the first failure between the check and the submit
        }
        tasks.add(task);
      }
      for (Future<?> t : tasks) {
        try {
          t.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
          // recorded in first
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          files.shutdownNow();
          first.compareAndSet(null, new AimException(ExitCode.FAILURE, "pull interrupted"));
        }
      }
    } finally {
      io.aimengine.core.ShutdownHooks.remove(saver); // false: shutting down, the hook runs
    }
    if (first.get() != null) {
      throw first.get();
    }
  }

  static void saveQuietly(Spans s) {
    try {
      s.save();
    } catch (IOException | RuntimeException e) {
      // best effort at exit: the next pull re-fetches what was not recorded
    }
  }

  /** Links every file into the snapshot, config.json last: its presence marks a whole snapshot. */
  private void publish(RepoId repo, String commit, List<Item> items) throws IOException {
    List<Item> order = new ArrayList<>(items);
    order.sort(Comparator.comparing((Item i) -> i.file().path().equals("config.json")));
    for (Item it : order) {
      Path blob = cache.blob(repo, it.etag());
      if (!Files.isRegularFile(blob)) {
        throw AimException.failure(
            "blob of "
                + repo
                + "/"
                + it.file().path()
                + " vanished before it could be linked"
                + " (a concurrent 'cache rm'?): run the pull again");
      }
      cache.link(repo, commit, it.file().path(), it.etag());
    }
  }

  private static String preview(java.util.Collection<String> names) {
    List<String> l = names.stream().limit(8).toList();
    return names.isEmpty()
        ? "no files"
        : String.join(", ", l)
            + (names.size() > l.size() ? ", … (" + names.size() + " files)" : "");
  }
}
