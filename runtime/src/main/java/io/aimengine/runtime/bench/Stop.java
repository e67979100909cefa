package io.aimengine.runtime.bench;

import java.time.Duration;

/**
 * When a run stops sending: after {@code requests} requests, or once {@code duration} has passed
 * (requests in flight then are awaited and counted).
 */
public record Stop(int requests, Duration duration) {
  public Stop {
    if ((requests > 0) == (duration != null)) {
      throw new IllegalArgumentException("exactly one of requests or duration");
    }
  }

  public static Stop after(int requests) {
    return new Stop(requests, null);
  }

  public static Stop after(Duration d) {
    return new Stop(0, d);
  }
}
