package io.aimengine.cli;

import io.aimengine.runtime.endpoint.Endpoints;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Foreground mode shared by {@code launch} (without --detach) and {@code serve}: signals stop the
 * engine's process group cleanly; the call returns when the engine has ended.
 */
final class Foreground {
  /** How long a signal-initiated stop waits before SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(30);

  private Foreground() {}

  /**
   * Waits for the endpoint to end.
   *
   * @return the engine's exit code, and whether a signal asked for the stop
   */
  static Outcome run(Endpoints endpoints, Endpoints.Launched launched, PrintWriter err) {
    String name = launched.endpoint().name();
    AtomicBoolean signalled =
        Signals.onTermination(
            () -> {
              err.println("aim-engine: stopping " + name + " ...");
              err.flush();
              endpoints.stop(name, GRACE);
            });
    int code = endpoints.awaitExit(launched);
    return new Outcome(code, signalled.get());
  }

  record Outcome(int exitCode, boolean signalled) {}
}
