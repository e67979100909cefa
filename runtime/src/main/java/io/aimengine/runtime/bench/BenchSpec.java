package io.aimengine.runtime.bench;

import io.aimengine.core.bench.Slo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one {@code bench} invocation does.
 *
 * @param model the model name requests carry; null asks the endpoint ({@code /v1/models}, first)
 * @param inputTokens synthetic prompt length (ignored with {@code promptFile})
 * @param promptFile JSONL prompts, or null for synthetic ones
 * @param ignoreEos ask the engine for exactly {@code outputTokens} ({@code ignore_eos}, {@code
 *     min_tokens})
 * @param loads the sweep: one run per entry, in order
 * @param warmup requests sent (and forgotten) before the first run
 * @param readTimeout how long a request may go without a byte before it counts as a timeout
 */
public record BenchSpec(
    Target target,
    Api api,
    String model,
    int inputTokens,
    int outputTokens,
    Path promptFile,
    boolean ignoreEos,
    List<Load> loads,
    Stop stop,
    int warmup,
    Slo slo,
    long seed,
    Duration readTimeout,
    String apiKey) {
  public BenchSpec {
    loads = List.copyOf(loads);
    if (loads.isEmpty()) {
      throw new IllegalArgumentException("at least one load level");
    }
  }

  /** The most requests in flight at once over the sweep (sizes the connection pool). */
  int maxInFlight() {
    int m = 1;
    for (Load l : loads) {
      m =
          Math.max(
              m,
              switch (l) {
                case Load.Concurrency c -> c.clients();
                case Load.Rate r -> r.maxConcurrency() > 0 ? r.maxConcurrency() : 256;
              });
    }
    return m;
  }
}
