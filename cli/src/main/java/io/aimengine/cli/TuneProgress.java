package io.aimengine.cli;

import io.aimengine.core.tune.TuneConfig;
import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.bench.Progress;
import io.aimengine.runtime.tune.TrialResult;
import io.aimengine.runtime.tune.Tuner;
import java.io.PrintWriter;

/**
 * {@code tune}'s progress on a terminal: one live line (configuration i/N, its phase, the bench
 * progress) and one kept line per finished configuration. Silent when not live.
 */
final class TuneProgress implements Tuner.Listener, Progress {
  private final PrintWriter err;
  private final boolean live;
  private final int total;
  private String prefix = "";
  private long lastDraw;
  private boolean drawn;

  TuneProgress(PrintWriter err, boolean live, int total) {
    this.err = err;
    this.live = live;
    this.total = total;
  }

  @Override
  public synchronized void phase(TuneConfig c, String phase) {
    prefix = "config " + c.index() + "/" + total + " (" + c.label() + "): " + phase;
    draw(prefix);
  }

  @Override
  public Progress progress() {
    return this;
  }

  @Override
  public synchronized void update(Load load, int done, int failed, int all, long elapsedNanos) {
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    draw(prefix + ", " + BenchProgress.line(load, done, failed, all, elapsedNanos));
  }

  @Override
  public synchronized void finished(TrialResult r) {
    if (!live) {
      return;
    }
    clear();
    err.println(
        "config "
            + r.config().index()
            + "/"
            + total
            + " "
            + r.outcome().label()
            + (Double.isNaN(r.score()) ? "" : String.format(" %.2f", r.score()))
            + (r.reason() == null ? "" : ": " + r.reason()));
    err.flush();
  }

  private void draw(String line) {
    if (!live) {
      return;
    }
    err.print("\r\033[K" + line);
    err.flush();
    drawn = true;
  }

  private void clear() {
    if (drawn) {
      err.print("\r\033[K");
      drawn = false;
    }
  }

  synchronized void done() {
    if (live) {
      clear();
      err.flush();
    }
  }
}
