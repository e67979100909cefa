package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
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
      return new Tuning(8, 64L << 20, 512L << 20);
    }
  }

  /** Opens the {@code .incomplete} file for positional writes; tests inject failing channels. */
  @FunctionalInterface
  public interface ChannelOpener {
    FileChannel open(Path part) throws IOException;

    static ChannelOpener standard() {
      return p ->
          FileChannel.open(
              p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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

  /** One file of the pull and what the cache already has of it. */
  private record Item(
      RemoteFile file, URI location, boolean linked, boolean blobPresent, long have) {
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
    Semaphore connections = new Semaphore(tuning.connections());
    AtomicReference<RuntimeException> first = new AtomicReference<>();
    Set<Spans> open = ConcurrentHashMap.newKeySet();
    Thread saver =
        new Thread(() -> open.forEach(Downloader::saveQuietly), "aim-cache-resume-state");
    Runtime.getRuntime().addShutdownHook(saver);
    try (ExecutorService files = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> tasks = new ArrayList<>();
      // Largest first: the long pole starts at once, small files fill the gaps.
      List<Item> order = new ArrayList<>(missing);
      order.sort(Comparator.comparingLong((Item i) -> i.file().size()).reversed());
      for (Item it : order) {
        tasks.add(
            files.submit(
                () -> {
                  try {
                    new BlobJob(hub, repo, commit, it, connections, fetched, progress, open).run();
                  } catch (RuntimeException e) {
                    if (first.compareAndSet(null, e)) {
                      files.shutdownNow();
                    }
                  }
                }));
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
      try {
        Runtime.getRuntime().removeShutdownHook(saver);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs
      }
    }
    if (first.get() != null) {
      throw first.get();
    }
  }

  private static void saveQuietly(Spans s) {
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

  /** Downloads, verifies and publishes one blob. */
  private final class BlobJob {
    private final HubClient hub;
    private final RepoId repo;
    private final String commit;
    private final Item item;
    private final Semaphore connections;
    private final LongAdder fetched;
    private final PullProgress progress;
    private final Set<Spans> open;

    BlobJob(
        HubClient hub,
        RepoId repo,
        String commit,
        Item item,
        Semaphore connections,
        LongAdder fetched,
        PullProgress progress,
        Set<Spans> open) {
      this.hub = hub;
      this.repo = repo;
      this.commit = commit;
      this.item = item;
      this.connections = connections;
      this.fetched = fetched;
      this.progress = progress;
      this.open = open;
    }

    void run() {
      String etag = item.etag();
      long size = item.file().size();
      Path blob = cache.blob(repo, etag);
      try (BlobLock lock =
          BlobLock.acquire(
              cache.lockFile(repo, etag), () -> progress.waiting(item.file().path()))) {
        if (Files.isRegularFile(blob)) {
          progress.advanced(size - item.have()); // someone else finished it while we waited
          progress.fileDone(item.file().path());
          return;
        }
        Files.createDirectories(blob.getParent());
        Path part = cache.incomplete(repo, etag);
        Spans spans = Spans.load(part, size);
        progress.advanced(spans.done() - item.have());
        open.add(spans);
        try (FileChannel ch = opener.open(part)) {
          spans.save(); // marks the .incomplete as range-tracked before the first byte
          download(ch, spans, part);
          String actual = hashAndTruncate(ch, spans, part);
          if (!actual.equals(etag)) {
            ch.close();
            spans.discard();
            throw AimException.failure(
                "checksum mismatch for "
                    + repo
                    + "/"
                    + item.file().path()
                    + ": expected "
                    + Digests.kind(etag)
                    + " "
                    + etag
                    + ", got "
                    + actual
                    + "; the download was discarded and nothing was published — run the pull"
                    + " again, and report it if it repeats");
          }
          ch.force(false);
        } finally {
          open.remove(spans);
        }
        Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
        spans.forget();
        progress.fileDone(item.file().path());
      } catch (IOException e) {
        throw new AimException(
            ExitCode.FAILURE,
            "cannot write " + blob + ".incomplete: " + e.getMessage() + " (is the disk full?)",
            e);
      }
    }

    private URI location() {
      if (item.location() != null) {
        return item.location();
      }
      if (item.file().lfs()) {
        FileMeta m = hub.fileMeta(repo, commit, item.file().path());
        if (!m.etag().equals(item.etag())) {
          throw AimException.failure(
              hub.endpoint()
                  + " lists "
                  + repo
                  + "/"
                  + item.file().path()
                  + " as "
                  + item.etag()
                  + " but serves "
                  + m.etag()
                  + ": the repo changed during the pull; run it again");
        }
        return m.location();
      }
      return hub.resolveUrl(repo, commit, item.file().path());
    }

    private void download(FileChannel ch, Spans spans, Path part) throws IOException {
      List<long[]> ranges = spans.missing(tuning.chunkBytes());
      if (ranges.isEmpty()) {
        return;
      }
      URI location = location();
      if (ranges.size() == 1) {
        fetchRange(ch, spans, part, location, ranges.get(0));
        return;
      }
      AtomicReference<RuntimeException> failed = new AtomicReference<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (long[] r : ranges) {
          pool.submit(
              () -> {
                if (failed.get() != null) {
                  return;
                }
                try {
                  fetchRange(ch, spans, part, location, r);
                } catch (RuntimeException e) {
                  if (failed.compareAndSet(null, e)) {
                    pool.shutdownNow();
                  }
                }
              });
        }
      }
      if (failed.get() != null) {
        spans.save();
        throw failed.get();
      }
    }

    /** Fetches one range, resuming after transient failures from where the bytes stopped. */
    private void fetchRange(FileChannel ch, Spans spans, Path part, URI location, long[] range) {
      Spans.Cursor c = spans.open(range[0]);
      Retry retry = hub.retry();
      int attempt = 0;
      try {
        while (c.pos < range[1]) {
          long before = c.pos;
          Transient failure;
          try {
            connections.acquire();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AimException(ExitCode.FAILURE, "pull interrupted");
          }
          try {
            hub.fetch(
                location,
                c.pos,
                range[1] - 1,
                repo,
                item.file().path(),
                b -> write(ch, c, b, part));
            continue;
          } catch (Transient t) {
            failure = t;
          } catch (IOException e) {
            failure = Transient.io(e);
          } finally {
            connections.release();
          }
          attempt = c.pos > before ? 1 : attempt + 1;
          if (attempt >= retry.attempts()) {
            throw failure.finalError(attempt);
          }
          retry.pause(attempt, failure);
        }
      } finally {
        spans.close(c);
        saveQuietly(spans);
      }
    }

    private void write(FileChannel ch, Spans.Cursor c, ByteBuffer b, Path part) {
      try {
        while (b.hasRemaining()) {
          int n = ch.write(b, c.pos);
          c.pos += n;
          fetched.add(n);
          progress.advanced(n);
        }
      } catch (IOException e) {
        throw new AimException(
            ExitCode.FAILURE,
            "cannot write "
                + part
                + ": "
                + e.getMessage()
                + " (is the disk full?); the partial download is kept for the next pull",
            e);
      }
    }

    /** Hashes the whole file; the downloaded bytes are still in the page cache. */
    private String hashAndTruncate(FileChannel ch, Spans spans, Path part) throws IOException {
      long size = item.file().size();
      if (spans.prefix() < size) {
        throw AimException.failure(
            "download of " + repo + "/" + item.file().path() + " ended incomplete: run it again");
      }
      if (ch.size() > size) {
        ch.truncate(size);
      }
      MessageDigest md = Digests.forEtag(item.etag(), size);
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      long pos = 0;
      while (pos < size) {
        buf.clear();
        if (size - pos < buf.capacity()) {
          buf.limit((int) (size - pos));
        }
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException("unexpected end of " + part);
        }
        md.update(buf.array(), 0, n);
        pos += n;
      }
      return Digests.hex(md);
    }
  }
}
