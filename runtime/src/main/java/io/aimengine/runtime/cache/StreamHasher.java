package io.aimengine.runtime.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Hashes a file front to back while parallel ranges are still being written into it. The writer
 * whose bytes sit exactly at the hash position hashes them as it writes them ({@link #offer}), so a
 * file downloaded by one range is never read back; bytes written ahead of the position are read
 * back from the page cache when the position reaches them ({@link #catchUp}). Thread-safe.
 */
final class StreamHasher {
  private final MessageDigest md;
  private final FileChannel ch;
  private final ByteBuffer slice = ByteBuffer.allocate(1 << 20);
  private long pos;

  StreamHasher(String etag, long size, FileChannel ch) {
    this.md = Digests.forEtag(etag, size);
    this.ch = ch;
  }

  /** Bytes just written at {@code at}: hashed now when they are next in line, else ignored. */
  synchronized void offer(long at, byte[] bytes, int off, int len) {
    if (at == pos) {
      md.update(bytes, off, len);
      pos += len;
    }
  }

  /** Hashes what the file holds from the position up to {@code limit}, a slice at a time. */
  void catchUp(long limit) throws IOException {
    while (true) {
      synchronized (this) {
        if (pos >= limit) {
          return;
        }
        slice.clear();
        slice.limit((int) Math.min(slice.capacity(), limit - pos));
        int n = ch.read(slice, pos);
        if (n < 0) {
          throw new IOException("the partial download ended at " + pos + " of " + limit);
        }
        md.update(slice.array(), 0, n);
        pos += n;
      }
    }
  }

  synchronized long position() {
    return pos;
  }

  /** The digest, as the blob's name would spell it. Call once, after everything is hashed. */
  synchronized String hex() {
    return Digests.hex(md);
  }
}
