package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Receives one range's bytes and writes them at their place in the {@code .incomplete} file,
 * gathered into 1 MiB writes (far fewer system calls than the HTTP client's 16 KiB buffers), then
 * offers them to the {@link StreamHasher}. The range's cursor moves only past bytes on disk, so a
 * failure loses at most the unflushed buffer. Used by one thread at a time.
 */
final class RangeWriter implements HubClient.Sink {
  private final FileChannel ch;
  private final Path part;
  private final Spans.Cursor cursor;
  private final StreamHasher hasher;
  private final BlobDownload.Context ctx;
  private final byte[] buf = new byte[1 << 20];
  private int n;

  RangeWriter(
      FileChannel ch,
      Path part,
      Spans.Cursor cursor,
      StreamHasher hasher,
      BlobDownload.Context ctx) {
    this.ch = ch;
    this.part = part;
    this.cursor = cursor;
    this.hasher = hasher;
    this.ctx = ctx;
  }

  @Override
  public void write(ByteBuffer bytes) {
    int len = bytes.remaining();
    ctx.fetched().add(len);
    ctx.progress().advanced(len);
    while (bytes.hasRemaining()) {
      int k = Math.min(bytes.remaining(), buf.length - n);
      bytes.get(buf, n, k);
      n += k;
      if (n == buf.length) {
        flush();
      }
    }
  }

  /** Writes what is buffered; the cursor then covers it. */
  void flush() {
    if (n == 0) {
      return;
    }
    long at = cursor.pos;
    ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
    try {
      while (w.hasRemaining()) {
        ch.write(w, at + w.position());
      }
    } catch (IOException e) {
      n = 0;
      throw new AimException(
          ExitCode.FAILURE,
          "cannot write "
              + part
              + ": "
              + e.getMessage()
              + " (is the disk full?); the partial download is kept for the next pull",
          e);
    }
    hasher.offer(at, buf, 0, n);
    cursor.pos = at + n;
    n = 0;
  }
}
