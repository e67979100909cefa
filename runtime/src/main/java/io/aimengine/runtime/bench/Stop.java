package io.aimengine.runtime.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When a run stops sending: after {@code requests} requests, or once {@code duration} has passed
 * (requests in flight then are awaited and counted), or as soon as {@code cancelled} says so
 * (tune's abort: its engine is being stopped, so the rest would only fail).
 */
public record Stop(int requests, Duration duration, BooleanSupplier cancelled) {
  private static final BooleanSupplier NEVER = () -> false;

  public Stop {
    if ((requests > 0) == (duration != null)) {
      throw new IllegalArgumentException("exactly one of requests or duration");
    }
    if (cancelled == null) {
      cancelled = NEVER;
    }
  }

  public static Stop after(int requests) {
    return new Stop(requests, null, NEVER);
  }

  public static Stop after(Duration d) {
    return new Stop(0, d, NEVER);
  }

  /** This stop, or earlier: once {@code c} answers true no further request is sent. */
  public Stop orWhen(BooleanSupplier c) {
    return new Stop(requests, duration, c);
  }
}
