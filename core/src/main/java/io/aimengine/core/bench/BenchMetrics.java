package io.aimengine.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of one benchmark run, computed from its request outcomes exactly as vLLM's {@code
 * calculate_metrics} ({@code vllm/benchmarks/serve.py}) does:
 *
 * <ul>
 *   <li>TTFT: send → first token-bearing chunk, per successful request.
 *   <li>TPOT: {@code (latency − ttft) / (output_tokens − 1)} for requests with more than one output
 *       token (the first token excluded); other requests have no TPOT sample (but count as 0 for
 *       goodput).
 *   <li>ITL: every gap between consecutive token-bearing chunks of every successful request,
 *       pooled.
 *   <li>E2EL: send → last token-bearing chunk.
 *   <li>Throughput: completed requests, output tokens and input + output tokens divided by the
 *       run's wall time ({@code durationNanos}: first send to last completion, as vLLM's {@code
 *       benchmark_duration}).
 *   <li>Goodput: successful requests meeting every {@link Slo} objective, per second.
 * </ul>
 *
 * Output and input token counts are the engine's {@code usage}. All latencies in milliseconds.
 */
public record BenchMetrics(
    int completed,
    int failed,
    long totalInputTokens,
    long totalOutputTokens,
    double durationS,
    double requestThroughput,
    double requestGoodput,
    double outputThroughput,
    double totalTokenThroughput,
    Distribution ttftMs,
    Distribution tpotMs,
    Distribution itlMs,
    Distribution e2elMs,
    Map<String, Integer> errors) {

  private static final double MS = 1e6;

  public BenchMetrics {
    errors = Map.copyOf(errors);
  }

  /** Computes the metrics of {@code outcomes}, a run that lasted {@code durationNanos}. */
  public static BenchMetrics of(List<RequestOutcome> outcomes, long durationNanos, Slo slo) {
    if (durationNanos <= 0) {
      throw new IllegalArgumentException("duration must be positive: " + durationNanos);
    }
    int completed = 0;
    int good = 0;
    long input = 0;
    long output = 0;
    List<Double> ttfts = new ArrayList<>();
    List<Double> tpots = new ArrayList<>();
    List<Double> e2els = new ArrayList<>();
    int itlCount = 0;
    for (RequestOutcome o : outcomes) {
      if (o.success()) {
        itlCount += o.itlNanos().length;
      }
    }
    double[] itls = new double[itlCount];
    int itlAt = 0;
    Map<String, Integer> errors = new TreeMap<>();
    for (RequestOutcome o : outcomes) {
      if (!o.success()) {
        errors.merge(o.error().kind(), 1, Integer::sum);
        continue;
      }
      completed++;
      int out = o.countedOutputTokens();
      output += out;
      input += o.promptTokens();
      double ttft = o.ttftNanos() / MS;
      double e2el = o.latencyNanos() / MS;
      double tpot = 0;
      if (out > 1) {
        tpot = (o.latencyNanos() - o.ttftNanos()) / MS / (out - 1);
        tpots.add(tpot);
      }
      ttfts.add(ttft);
      e2els.add(e2el);
      for (long itl : o.itlNanos()) {
        itls[itlAt++] = itl / MS;
      }
      if (!slo.isEmpty() && slo.met(ttft, tpot, e2el)) {
        good++;
      }
    }
    double s = durationNanos / 1e9;
    return new BenchMetrics(
        completed,
        outcomes.size() - completed,
        input,
        output,
        s,
        completed / s,
        good / s,
        output / s,
        (input + output) / s,
        Distribution.of(array(ttfts)),
        Distribution.of(array(tpots)),
        Distribution.of(itls),
        Distribution.of(array(e2els)),
        errors);
  }

  private static double[] array(List<Double> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
