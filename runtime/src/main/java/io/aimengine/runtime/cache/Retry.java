package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries transient Hub failures (connection errors, stalls, 429, 5xx) with exponential backoff and
 * jitter, honouring {@code Retry-After}. Immutable and thread-safe.
 *
 * @param attempts tries in all (1 = no retry)
 * @param base delay before the second try; doubles each time
 * @param max cap on one delay, {@code Retry-After} included
 * @param sleeper how to wait (tests pass one that records instead of sleeping)
 */
public record Retry(int attempts, Duration base, Duration max, Sleeper sleeper) {

  /** Waits; the seam tests replace. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** One attempt that may fail transiently. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws IOException;
  }

  public static Retry standard() {
    return new Retry(6, Duration.ofSeconds(1), Duration.ofSeconds(60), d -> Thread.sleep(d));
  }

  /** Runs {@code attempt} until it succeeds, fails permanently, or the tries are used up. */
  public <T> T run(Attempt<T> attempt) {
    Transient last = null;
    for (int i = 1; i <= attempts; i++) {
      try {
        return attempt.run();
      } catch (Transient t) {
        last = t;
      } catch (IOException e) {
        last = Transient.io(e);
      }
      if (i < attempts) {
        pause(i, last);
      }
    }
    throw last.finalError(attempts);
  }

  /** Waits before try {@code i + 1}: base·2^(i-1), jittered to 50–100 %, at least Retry-After. */
  void pause(int i, Transient cause) {
    long baseMs = base.toMillis() << Math.min(i - 1, 20);
    long ms = Math.min(max.toMillis(), baseMs);
    ms = ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
    if (cause.retryAfter() != null) {
      ms = Math.max(ms, Math.min(max.toMillis(), cause.retryAfter().toMillis()));
    }
    try {
      sleeper.sleep(Duration.ofMillis(ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AimException(io.aimengine.core.ExitCode.FAILURE, "interrupted while retrying");
    }
  }
}
