package io.aimengine.runtime.cache;

import java.time.Duration;

/**
 * The slowest transfer a download accepts, as curl's {@code --speed-limit}/{@code --speed-time}: in
 * every window of the stall timeout at least {@link #MIN_BYTES_PER_SECOND} per second must arrive.
 * A per-read timeout alone never trips on a server that sends one byte a second; this does, and the
 * range is then cut and resumed like any stall. Not thread-safe: one per transfer (the JDK path
 * reads {@link #slow} from a watchdog thread, which only sees a slightly old count).
 */
final class Pace {
  /** 1 KiB/s: far below any working link, far above a trickle that would take days. */
  static final long MIN_BYTES_PER_SECOND = 1024;

  private final long windowNanos;
  private final long minBytes;
  private volatile long bytes;
  private volatile long windowStart;
  private volatile long bytesAtWindowStart;

  Pace(Duration window, long nowNanos) {
    this.windowNanos = Math.max(1, window.toNanos());
    this.minBytes = Math.max(1, MIN_BYTES_PER_SECOND * window.toMillis() / 1000);
    this.windowStart = nowNanos;
  }

  /** Counts {@code n} bytes received. */
  void add(long n) {
    bytes += n;
  }

  /**
   * Whether the window that ends at {@code nowNanos} fell short; a window that did not starts the
   * next one.
   */
  boolean slow(long nowNanos) {
    if (nowNanos - windowStart < windowNanos) {
      return false;
    }
    long got = bytes - bytesAtWindowStart;
    if (got < minBytes) {
      return true;
    }
    windowStart = nowNanos;
    bytesAtWindowStart = bytes;
    return false;
  }

  /** The {@link Transient} that cuts a too-slow transfer, naming it and the rate required. */
  Transient stalled(String what, long nowNanos) {
    long got = bytes - bytesAtWindowStart;
    long secs = Math.max(1, Duration.ofNanos(nowNanos - windowStart).toSeconds());
    return new Transient(
        "download of "
            + what
            + " stalled: "
            + (got == 0 ? "no data" : got + " bytes")
            + " in "
            + secs
            + " s (at least "
            + MIN_BYTES_PER_SECOND
            + " bytes/s needed)",
        (Duration) null);
  }
}
