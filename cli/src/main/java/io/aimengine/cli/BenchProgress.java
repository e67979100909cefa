package io.aimengine.cli;

import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.bench.Progress;
import java.io.PrintWriter;

/** The live progress line of {@code bench} on a terminal (at most ten redraws a second). */
final class BenchProgress implements Progress {
  private final PrintWriter err;
  private final boolean live;
  private long lastDraw;
  private boolean drawn;

  BenchProgress(PrintWriter err, boolean live) {
    this.err = err;
    this.live = live;
  }

  @Override
  public synchronized void update(Load load, int done, int failed, int total, long elapsedNanos) {
    if (!live) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && (total == 0 || done + failed < total)) {
      return;
    }
    lastDraw = now;
    err.print("\r\033[K" + line(load, done, failed, total, elapsedNanos));
    err.flush();
    drawn = true;
  }

  static String line(Load load, int done, int failed, int total, long elapsedNanos) {
    double s = elapsedNanos / 1e9;
    String level =
        load instanceof Load.Concurrency c
            ? "concurrency " + c.clients()
            : String.format("rate %.4g/s", load.level());
    return String.format(
        "%s: %d%s done, %d failed, %.1f s, %.1f req/s",
        level, done, total > 0 ? "/" + total : "", failed, s, s > 0 ? done / s : 0.0);
  }

  synchronized void done() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
