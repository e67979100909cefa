package io.aimengine.runtime.store;

import java.util.Locale;

/**
 * Where an endpoint is in its life. {@code starting}, {@code ready} and {@code stopping} hold their
 * GPUs, port and name; the others are terminal and hold nothing.
 *
 * <pre>
 * starting ──► ready ⇄ unhealthy ──► stopping ──► stopped
 *    │           │
 *    ▼           ▼
 *  failed      exited   (the process ended on its own, or was killed by someone else)
 * </pre>
 *
 * {@code unhealthy}: running, but failing its liveness probe (see {@code LivenessPolicy}).
 */
public enum EndpointState {
  STARTING,
  READY,
  UNHEALTHY,
  FAILED,
  STOPPING,
  STOPPED,
  EXITED;

  /** The lower-case name used in the database, JSON and tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True while the endpoint holds resources (a process, GPUs, a port). */
  public boolean active() {
    return this == STARTING || this == READY || this == UNHEALTHY || this == STOPPING;
  }

  public static EndpointState of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
