package io.aimengine.cli;

import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.PullProgress;
import io.aimengine.runtime.cache.RepoId;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on a terminal for pulls and verifies: bytes, percent, rate, ETA; redrawn
 * five times a second from its own thread, erased when done. Only used when stderr is a terminal
 * ({@link #interactive()}); piped output stays quiet.
 */
final class ProgressBar implements PullProgress {
  private static final int BAR = 24;

  private final PrintWriter err;
  private final String verb;
  private final AtomicLong done = new AtomicLong();
  private volatile long total;
  private volatile long startDone;
  private volatile long startNanos;
  private volatile String label = "";
  private volatile String note = "";
  private ScheduledExecutorService ticker;

  ProgressBar(PrintWriter err, String verb) {
    this.err = err;
    this.verb = verb;
  }

  /** True when the console is an interactive terminal (JDK 22+ asks it; before, non-null is). */
  static boolean interactive() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      Method m = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public synchronized void started(
      RepoId repo, String commit, int files, long totalBytes, long presentBytes) {
    label = repo.id();
    total = totalBytes;
    done.set(presentBytes);
    startDone = presentBytes;
    startNanos = System.nanoTime();
    if (ticker == null) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "aim-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void advanced(long bytes) {
    done.addAndGet(bytes);
  }

  @Override
  public void waiting(String file) {
    note = "waiting for another download of " + file;
  }

  @Override
  public void fileDone(String file) {
    note = "";
  }

  @Override
  public synchronized void finished() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
      err.print("\r" + " ".repeat(100) + "\r");
      err.flush();
    }
  }

  private synchronized void draw() {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    long now = done.get();
    double rate = secs > 0.5 ? (now - startDone) / secs : 0;
    err.print("\r" + line(verb, label, now, total, rate, note));
    err.flush();
  }

  /** The bar for {@code done} of {@code total} bytes at {@code rate} bytes/s. */
  static String line(String verb, String label, long done, long total, double rate, String note) {
    double f = total > 0 ? Math.min(1, (double) done / total) : 0;
    int fill = (int) Math.round(f * BAR);
    String eta = rate > 0 && total > done ? " ETA " + clock((long) ((total - done) / rate)) : "";
    String line =
        String.format(
            Locale.ROOT,
            "%s %s [%s%s] %3d%% %s / %s%s%s%s",
            verb,
            label,
            "#".repeat(fill),
            ".".repeat(BAR - fill),
            (int) (f * 100),
            Bytes.human(done),
            Bytes.human(total),
            rate > 0 ? "  " + Bytes.human((long) rate) + "/s" : "",
            eta,
            note.isEmpty() ? "" : "  (" + note + ")");
    return line.length() > 99 ? line.substring(0, 99) : line + " ".repeat(99 - line.length());
  }

  static String clock(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
