package io.aimengine.runtime.tune;

import io.aimengine.core.tune.TuneConfig;

/**
 * Starts and stops the endpoints {@code tune} measures. The CLI's implementation plans each
 * configuration and launches it through the same lifecycle as {@code launch} (reserve, start,
 * readiness, record); {@link #stop} stops the endpoint and removes its row.
 */
public interface Trials {
  /**
   * Plans and launches {@code config}; returns once it serves.
   *
   * @throws io.aimengine.core.AimException when it cannot be planned or does not start (the
   *     lifecycle has then already cleaned up what it started)
   */
  Trial start(TuneConfig config);

  /** Stops the trial's endpoint (grace, then kill) and forgets it. Never throws. */
  void stop(Trial trial);
}
