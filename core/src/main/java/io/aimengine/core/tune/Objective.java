package io.aimengine.core.tune;

import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.Slo;
import io.aimengine.core.catalog.Measurement;
import io.aimengine.core.catalog.Metric;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code tune} optimises and what disqualifies a configuration. Pure.
 *
 * <ul>
 *   <li>Score: {@code throughput} → output tokens/s ({@code output_throughput}, higher is better);
 *       {@code latency} → median end-to-end latency ({@code median_e2el_ms}, lower is better): the
 *       figure {@link Measurement#figureKey} names, so a recipe's figures and the tuner agree.
 *   <li>Violation: any failed request; with SLOs, fewer than {@link #ATTAINMENT} of the requests
 *       meeting every one of them (goodput / request throughput, vLLM's goodput definition).
 *   <li>Loser: after the short first phase, a score worse than the best first-phase score so far by
 *       more than {@code margin} (0.2: 20 % fewer tokens/s, or 20 % more latency).
 * </ul>
 *
 * @param metric latency or throughput
 * @param slo the service-level objectives (may be empty)
 * @param margin the relative gap to the best that drops a configuration early, ≥ 0
 */
public record Objective(Metric metric, Slo slo, double margin) {
  /** Share of requests that must meet the SLOs. */
  public static final double ATTAINMENT = 0.9;

  public Objective {
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("margin must be ≥ 0: " + margin);
    }
  }

  /** The figure judged, a {@code bench} metric key. */
  public String figure() {
    return Measurement.figureKey(metric);
  }

  /** The run's value of {@link #figure()}. */
  public double score(BenchMetrics m) {
    return metric == Metric.THROUGHPUT ? m.outputThroughput() : m.e2elMs().median();
  }

  /** Whether score {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return Measurement.better(metric, a, b);
  }

  /** Why the run disqualifies its configuration, if it does. */
  public Optional<String> violation(BenchMetrics m) {
    int total = m.completed() + m.failed();
    if (m.completed() == 0) {
      return Optional.of("no request completed (" + m.errors() + ")");
    }
    if (m.failed() > 0) {
      return Optional.of(m.failed() + " of " + total + " requests failed " + m.errors());
    }
    if (!slo.isEmpty()) {
      double attained = m.requestGoodput() / m.requestThroughput();
      if (attained < ATTAINMENT) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "SLO %s met by %.0f%% of requests, needs %.0f%%",
                slo,
                attained * 100,
                ATTAINMENT * 100));
      }
    }
    return Optional.empty();
  }

  /** Why a first-phase score of {@code score} drops its configuration against {@code best}. */
  public Optional<String> loser(double score, double best) {
    boolean worse =
        metric == Metric.THROUGHPUT ? score < best * (1 - margin) : score > best * (1 + margin);
    if (!worse) {
      return Optional.empty();
    }
    double pct = Math.abs(score - best) / best * 100;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s %.2f is %.0f%% %s the best so far (%.2f) after the first phase",
            figure(),
            score,
            pct,
            metric == Metric.THROUGHPUT ? "below" : "above",
            best));
  }
}
