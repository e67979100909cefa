package io.aimengine.core.bench;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one benchmark request measured, on the client side, in nanoseconds from its own send time
 * (the fields of vLLM's {@code RequestFuncOutput}).
 *
 * @param startNanos when the request was sent, relative to the run's start
 * @param ttftNanos send → first token-bearing chunk
 * @param itlNanos gaps between consecutive token-bearing chunks (one fewer than chunks)
 * @param latencyNanos send → last token-bearing chunk (vLLM's E2EL: the trailing usage chunk and
 *     {@code [DONE]} do not extend it)
 * @param promptTokens the engine's {@code usage.prompt_tokens}, else the workload's estimate
 * @param outputTokens the engine's {@code usage.completion_tokens}; 0 when it reported none
 * @param error null when the request succeeded, else why it failed
 */
public record RequestOutcome(
    long startNanos,
    long ttftNanos,
    long[] itlNanos,
    long latencyNanos,
    int promptTokens,
    int outputTokens,
    RequestError error) {

  public RequestOutcome {
    itlNanos = itlNanos == null ? new long[0] : itlNanos;
  }

  /** A successful request. */
  public static RequestOutcome ok(
      long startNanos,
      long ttftNanos,
      long[] itlNanos,
      long latencyNanos,
      int promptTokens,
      int outputTokens) {
    return new RequestOutcome(
        startNanos, ttftNanos, itlNanos, latencyNanos, promptTokens, outputTokens, null);
  }

  /** A failed request. */
  public static RequestOutcome failed(long startNanos, long latencyNanos, RequestError error) {
    return new RequestOutcome(
        startNanos, 0, new long[0], latencyNanos, 0, 0, Objects.requireNonNull(error));
  }

  public boolean success() {
    return error == null;
  }

  /**
   * Output tokens as vLLM counts them: the engine's usage, else the number of token-bearing chunks
   * (vLLM falls back to a tokenizer, or to 1 without one; chunk count is the better estimate when
   * the engine reports no usage).
   */
  public int countedOutputTokens() {
    return outputTokens > 0 ? outputTokens : itlNanos.length + 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestOutcome r
        && startNanos == r.startNanos
        && ttftNanos == r.ttftNanos
        && Arrays.equals(itlNanos, r.itlNanos)
        && latencyNanos == r.latencyNanos
        && promptTokens == r.promptTokens
        && outputTokens == r.outputTokens
        && Objects.equals(error, r.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(startNanos, ttftNanos, Arrays.hashCode(itlNanos), latencyNanos, error);
  }

  @Override
  public String toString() {
    return "RequestOutcome[ttft="
        + ttftNanos
        + ", chunks="
        + (itlNanos.length + 1)
        + ", latency="
        + latencyNanos
        + ", output="
        + outputTokens
        + (error == null ? "" : ", error=" + error)
        + "]";
  }
}
