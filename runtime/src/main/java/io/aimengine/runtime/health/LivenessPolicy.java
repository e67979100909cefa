package io.aimengine.runtime.health;

import java.time.Duration;

/**
 * Liveness supervision of a ready endpoint, as the kubelet's liveness probe has it: its health path
 * is probed every {@code period}; {@code failureThreshold} failures in a row (a non-2xx answer, or
 * none within {@code timeout}) make it {@code unhealthy}, and under {@code --restart on-failure}
 * the engine is restarted with the same back-off and circuit breaker as after a crash. A runtime
 * applies it where the endpoint lives (the process runtime: in the endpoint's monitor, which
 * outlives {@code launch --detach}).
 *
 * @param period between probes; zero turns liveness off
 * @param failureThreshold failures in a row that make the endpoint unhealthy (at least 1)
 * @param timeout one probe's limit
 */
public record LivenessPolicy(Duration period, int failureThreshold, Duration timeout) {
  /** Defaults: every 10 s, unhealthy after 3 failures, 5 s per probe. */
  public static final LivenessPolicy DEFAULT =
      new LivenessPolicy(Duration.ofSeconds(10), 3, Duration.ofSeconds(5));

  /** No liveness supervision. */
  public static final LivenessPolicy OFF = new LivenessPolicy(Duration.ZERO, 1, Duration.ZERO);

  public LivenessPolicy {
    if (period.isNegative() || failureThreshold < 1 || timeout.isNegative()) {
      throw new IllegalArgumentException("invalid liveness policy");
    }
  }

  public boolean enabled() {
    return !period.isZero();
  }
}
