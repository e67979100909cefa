package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Retries transient Hub failures (stalls, cut connections, 429, 5xx) with exponential backoff and
 * jitter, honouring {@code Retry-After}, and says each retry (cause, delay, attempt) through {@code
 * notice}. Failures that waiting cannot fix (an unknown host, a refused or unroutable connection, a
 * TLS certificate problem) end at once. Immutable and thread-safe.
 *
 * @param attempts tries in all (1 = no retry)
 * @param base delay before the second try; doubles each time
 * @param max cap on one delay, {@code Retry-After} included
 * @param sleeper how to wait (tests pass one that records instead of sleeping)
 * @param notice where each retry is announced, one line without a prefix (stderr by default)
 */
public record Retry(
    int attempts, Duration base, Duration max, Sleeper sleeper, Consumer<String> notice) {

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

  /** Announces on stderr, as the CLI's other progress lines. */
  public static final Consumer<String> STDERR =
      line -> {
        System.err.println("aim-engine: " + line);
        System.err.flush();
      };

  public static Retry standard() {
    return new Retry(
        6, Duration.ofSeconds(1), Duration.ofSeconds(60), d -> Thread.sleep(d), STDERR);
  }

  /** Runs {@code attempt} until it succeeds, fails permanently, or the tries are used up. */
  public <T> T run(Attempt<T> attempt) {
    for (int i = 1; ; i++) {
      Transient failure;
      try {
        return attempt.run();
      } catch (Transient t) {
        failure = t;
      } catch (IOException e) {
        failure = Transient.io(e);
      }
      pauseOrGiveUp(i, failure);
    }
  }

  /**
   * After failed try {@code i}: throws the final error when the tries are used up or retrying
   * cannot help; otherwise announces the retry and waits for it.
   */
  void pauseOrGiveUp(int i, Transient cause) {
    if (!cause.worthRetrying()) {
      throw cause.finalError(1);
    }
    if (i >= attempts) {
      throw cause.finalError(i);
    }
    Duration d = delay(i, cause);
    notice.accept(
        cause.getMessage()
            + "; retrying in "
            + String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0)
            + " s (attempt "
            + (i + 1)
            + " of "
            + attempts
            + ")");
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AimException(io.aimengine.core.ExitCode.FAILURE, "interrupted while retrying");
    }
  }

  /**
   * The wait before try {@code i + 1}: base·2^(i-1), jittered to 50–100 %, at least Retry-After.
   */
  Duration delay(int i, Transient cause) {
    long baseMs = base.toMillis() << Math.min(i - 1, 20);
    long ms = Math.min(max.toMillis(), baseMs);
    ms = ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
    if (cause.retryAfter() != null) {
      ms = Math.max(ms, Math.min(max.toMillis(), cause.retryAfter().toMillis()));
    }
    return Duration.ofMillis(ms);
  }
}
