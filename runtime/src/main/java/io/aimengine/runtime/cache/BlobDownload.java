package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Downloads, verifies and publishes one blob: under its lock, resumes its {@code .incomplete} file,
 * fetches the missing ranges in parallel while hashing front to back, checks the hash against the
 * etag and renames the file into {@code blobs/}. Another process that finished the blob first is
 * simply reused.
 */
final class BlobDownload {
  /** What all blobs of one pull share. */
  record Context(
      HubCache cache,
      HubClient hub,
      RepoId repo,
      String commit,
      Downloader.ChannelOpener opener,
      long chunkBytes,
      Semaphore connections,
      LongAdder fetched,
      PullProgress progress,
      Set<Spans> open) {}

  private final Context ctx;
  private final Downloader.Item item;
  private final String file;

  BlobDownload(Context ctx, Downloader.Item item) {
    this.ctx = ctx;
    this.item = item;
    this.file = item.file().path();
  }

  void run() {
    String etag = item.etag();
    long size = item.file().size();
    Path blob = ctx.cache().blob(ctx.repo(), etag);
    Path partFile = ctx.cache().incomplete(ctx.repo(), etag);
    for (Path p :
        List.of(ctx.cache().lockFile(ctx.repo(), etag), partFile, Spans.sidecarOf(partFile))) {
      HubCache.refuseLink(p);
    }
    try (BlobLock lock =
        BlobLock.acquire(
            ctx.cache().lockFile(ctx.repo(), etag), () -> ctx.progress().waiting(file))) {
      if (Files.isRegularFile(blob)) {
        ctx.progress().advanced(size - item.have()); // another pull finished it meanwhile
        ctx.progress().fileDone(file);
        return;
      }
      Files.createDirectories(blob.getParent());
      Path part = ctx.cache().incomplete(ctx.repo(), etag);
      Spans spans = Spans.load(part, size);
      ctx.progress().advanced(spans.done() - item.have());
      ctx.open().add(spans);
      try (FileChannel ch = ctx.opener().open(part)) {
        spans.save(); // marks the .incomplete as range-tracked before its first byte
        String actual = downloadAndHash(ch, spans, part);
        if (!actual.equals(etag)) {
          ch.close();
          spans.discard();
          throw AimException.failure(
              "checksum mismatch for "
                  + ctx.repo()
                  + "/"
                  + file
                  + ": expected "
                  + Digests.kind(etag)
                  + " "
                  + etag
                  + ", got "
                  + actual
                  + "; the download was discarded and nothing was published — run the pull"
                  + " again, and report it if it repeats");
        }
        ch.force(false); // durable before it is visible: a crash must not publish holes
      } finally {
        ctx.open().remove(spans);
      }
      Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
      spans.forget();
      ctx.progress().fileDone(file);
    } catch (IOException e) {
      throw new AimException(
          ExitCode.FAILURE,
          "cannot write " + blob + ".incomplete: " + e.getMessage() + " (is the disk full?)",
          e);
    }
  }

  /**
   * Fetches the missing ranges (in parallel, in file order) while this thread hashes what the
   * writers could not hash as they wrote; returns the hex digest of the whole file.
   */
  private String downloadAndHash(FileChannel ch, Spans spans, Path part) throws IOException {
    long size = item.file().size();
    StreamHasher hasher = new StreamHasher(item.etag(), size, ch);
    List<long[]> ranges = spans.missing(ctx.chunkBytes());
    if (!ranges.isEmpty()) {
      URI location = location();
      AtomicReference<RuntimeException> failed = new AtomicReference<>();
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      try {
        List<Future<?>> jobs = new ArrayList<>();
        for (long[] r : ranges) {
          jobs.add(
              pool.submit(
                  () -> {
                    if (failed.get() != null) {
                      return;
                    }
                    try {
                      fetchRange(ch, spans, part, hasher, location, r);
                    } catch (RuntimeException e) {
                      if (failed.compareAndSet(null, e)) {
                        pool.shutdownNow();
                      }
                    }
                  }));
        }
        while (failed.get() == null && !jobs.stream().allMatch(Future::isDone)) {
          long ready = spans.prefix();
          if (ready > hasher.position()) {
            hasher.catchUp(ready);
          } else {
            Thread.sleep(5);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.shutdownNow();
        failed.compareAndSet(null, new AimException(ExitCode.FAILURE, "pull interrupted"));
      } finally {
        pool.close();
      }
      if (failed.get() != null) {
        spans.save();
        throw failed.get();
      }
    }
    if (spans.prefix() < size) {
      throw AimException.failure(
          "download of " + ctx.repo() + "/" + file + " ended incomplete: run it again");
    }
    if (ch.size() > size) {
      ch.truncate(size); // a longer .incomplete left by another tool
    }
    hasher.catchUp(size);
    return hasher.hex();
  }

  /** Where the bytes are: the CDN location a HEAD names for LFS files, else the resolve URL. */
  private URI location() {
    if (item.location() != null) {
      return item.location();
    }
    if (!item.file().lfs()) {
      return ctx.hub().resolveUrl(ctx.repo(), ctx.commit(), file);
    }
    FileMeta m = ctx.hub().fileMeta(ctx.repo(), ctx.commit(), file);
    if (!m.etag().equals(item.etag())) {
      throw AimException.failure(
          ctx.hub().endpoint()
              + " lists "
              + ctx.repo()
              + "/"
              + file
              + " as "
              + item.etag()
              + " but serves "
              + m.etag()
              + ": the repo changed during the pull; run it again");
    }
    return m.location();
  }

  /** Fetches one range, resuming after transient failures from where the bytes stopped. */
  private void fetchRange(
      FileChannel ch, Spans spans, Path part, StreamHasher hasher, URI location, long[] range) {
    Spans.Cursor c = spans.open(range[0]);
    RangeWriter writer = new RangeWriter(ch, part, c, hasher, ctx);
    Retry retry = ctx.hub().retry();
    int attempt = 0;
    try {
      while (c.pos < range[1]) {
        long before = c.pos;
        Transient failure;
        try {
          ctx.connections().acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AimException(ExitCode.FAILURE, "pull interrupted");
        }
        try {
          ctx.hub().fetch(location, c.pos, range[1] - 1, ctx.repo(), file, writer);
          continue;
        } catch (Transient t) {
          failure = t;
        } catch (IOException e) {
          failure = Transient.io(e);
        } finally {
          ctx.connections().release();
          writer.flush(); // whatever arrived is on disk and covered by the cursor
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new AimException(ExitCode.FAILURE, "pull interrupted"); // not a network fault
        }
        attempt = c.pos > before ? 1 : attempt + 1;
        retry.pauseOrGiveUp(attempt, failure);
      }
    } finally {
      spans.close(c);
      Downloader.saveQuietly(spans);
    }
  }
}
