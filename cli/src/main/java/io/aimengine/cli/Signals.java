package io.aimengine.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Termination signals (INT from Ctrl-C, TERM from a container runtime, HUP from a closed terminal)
 * handled in foreground mode: the first one runs the given action once (stop the engine cleanly);
 * the JVM does not exit by itself, so the command can return the engine's exit code.
 */
final class Signals {
  private Signals() {}

  /** Installs handlers; returns the flag that tells whether a signal arrived. */
  static AtomicBoolean onTermination(Runnable action) {
    AtomicBoolean fired = new AtomicBoolean();
    for (String name : new String[] {"INT", "TERM", "HUP"}) {
      try {
        Signal.handle(
            new Signal(name),
            sig -> {
              if (fired.compareAndSet(false, true)) {
                Thread.ofPlatform().name("aim-engine-stop").start(action);
              }
            });
      } catch (IllegalArgumentException e) {
        // signal not available on this platform (or reserved by the JVM): leave its default
      }
    }
    return fired;
  }
}
