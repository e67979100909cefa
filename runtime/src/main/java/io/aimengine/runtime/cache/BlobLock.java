package io.aimengine.runtime.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to download one blob: an in-process lock (Java file locks are per process) plus
 * an OS record lock on {@code .locks/models--org--name/<etag>.lock}, so two threads or two
 * processes pulling the same model take turns per blob and the second reuses the first's result.
 * The OS releases the lock if the holder dies. A held lock is polled for, never waited on in the
 * kernel (see {@link #acquire}). (huggingface_hub locks the same path with flock(2), which Linux
 * does not coordinate with these fcntl(2) locks.)
 */
final class BlobLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
  private static final long POLL_MS = 100;

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;

  private BlobLock(ReentrantLock local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, calling {@code onWait} once if someone else holds it. */
  static BlobLock acquire(Path lockFile, Runnable onWait) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
    boolean waited = false;
    if (!local.tryLock()) {
      onWait.run();
      waited = true;
      try {
        local.lockInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + key);
      }
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(key.getParent());
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      // Poll rather than block: a blocking fcntl lock in a multi-threaded process gets EDEADLK
      // ("Resource deadlock avoided") when two processes each hold one blob and wait for the
      // other's, because the kernel sees processes, not threads, as lock owners.
      FileLock fl;
      while ((fl = ch.tryLock()) == null) {
        if (!waited) {
          onWait.run();
          waited = true;
        }
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for " + key);
        }
      }
      return new BlobLock(local, ch, fl);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      local.unlock();
    }
  }
}
