package io.aimengine.cli;

import io.aimengine.runtime.endpoint.Endpoints;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code launch} and {@code serve} say while an endpoint starts: each line with the time since
 * the command began, as text on stderr ({@code aim-engine: [12.3 s] load: ...}), or, for {@code
 * serve --json}, as JSON lines on stdout (docs/operations.md, "serve --json"): one object per line
 * with {@code at}, {@code elapsed_s}, {@code event} ({@code progress}, {@code phase}, {@code
 * ready}, {@code exited}) and the event's fields. Quiet: nothing at all.
 */
final class StartupLog {
  private final PrintWriter err;
  private final PrintWriter jsonLines;
  private final boolean quiet;
  private final long t0 = System.nanoTime();

  private StartupLog(PrintWriter err, PrintWriter jsonLines, boolean quiet) {
    this.err = err;
    this.jsonLines = jsonLines;
    this.quiet = quiet;
  }

  /** Text lines on {@code err}; none when {@code quiet}. */
  static StartupLog text(PrintWriter err, boolean quiet) {
    return new StartupLog(err, null, quiet);
  }

  /** JSON lines on {@code out}. */
  static StartupLog jsonLines(PrintWriter err, PrintWriter out) {
    return new StartupLog(err, out, false);
  }

  boolean json() {
    return jsonLines != null;
  }

  /** Whether pull progress bars and the like may draw (text mode, not quiet). */
  boolean drawsProgress() {
    return !quiet && jsonLines == null;
  }

  void progress(String message) {
    if (json()) {
      Map<String, Object> m = event("progress");
      m.put("message", message);
      emit(m);
    } else {
      text(message);
    }
  }

  void phase(Endpoints.Phase phase, String message) {
    if (json()) {
      Map<String, Object> m = event("phase");
      m.put("phase", phase.label());
      m.put("message", message);
      emit(m);
    } else {
      text(phase.label() + ": " + message);
    }
  }

  /** The endpoint serves: in JSON, the endpoint object as {@code launch --json} prints it. */
  void ready(Endpoints.Launched l) {
    if (json()) {
      Map<String, Object> m = event("ready");
      m.put("endpoint", Launching.json(l));
      emit(m);
    } else {
      text("ready: " + l.endpoint().url() + "/v1");
    }
  }

  /** The engine ended ({@code serve}). */
  void exited(String name, int exitCode) {
    if (json()) {
      Map<String, Object> m = event("exited");
      m.put("name", name);
      m.put("exit_code", exitCode);
      emit(m);
    } else if (!quiet) {
      err.println("aim-engine: " + name + " ended with exit code " + exitCode);
      err.flush();
    }
  }

  private double elapsed() {
    return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
  }

  private void text(String message) {
    if (!quiet) {
      err.println(String.format(Locale.ROOT, "aim-engine: [%.1f s] ", elapsed()) + message);
      err.flush();
    }
  }

  private Map<String, Object> event(String kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", Instant.now().toString());
    m.put("elapsed_s", elapsed());
    m.put("event", kind);
    return m;
  }

  private void emit(Map<String, Object> m) {
    Json.line(jsonLines, m);
  }
}
