package io.aimengine.runtime.tune;

import io.aimengine.runtime.bench.Api;
import io.aimengine.runtime.bench.Load;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load every configuration is measured under: synthetic prompts of one length, one load level,
 * a short first phase and a longer second one.
 *
 * @param screenRequests requests of the first phase, after which clear losers are dropped
 * @param requests requests of the second phase (the figures kept); ≤ {@code screenRequests}: one
 *     phase only
 * @param warmup requests sent and forgotten before the first phase
 */
public record TuneWorkload(
    Api api,
    int inputTokens,
    int outputTokens,
    Load load,
    int screenRequests,
    int requests,
    int warmup,
    long seed,
    Duration readTimeout) {

  /** The workload as a recipe's {@code metadata.measured.workload} records it. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("api", api == Api.CHAT ? "chat" : "completions");
    m.put("input_tokens", inputTokens);
    m.put("output_tokens", outputTokens);
    switch (load) {
      case Load.Concurrency c -> m.put("concurrency", c.clients());
      case Load.Rate r -> m.put("rate", r.perSecond());
    }
    m.put("requests", Math.max(requests, screenRequests));
    return m;
  }
}
