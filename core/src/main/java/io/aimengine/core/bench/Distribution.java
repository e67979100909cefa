package io.aimengine.core.bench;

/**
 * The summary of one latency metric in milliseconds: what vLLM prints (mean, median, std) plus the
 * percentiles this project reports for every metric (p90, p99).
 */
public record Distribution(
    int count, double mean, double median, double std, double p90, double p99, double max) {

  /** The summary of {@code valuesMs}. */
  public static Distribution of(double[] valuesMs) {
    Percentiles p = Percentiles.of(valuesMs);
    return new Distribution(p.count(), p.mean(), p.median(), p.std(), p.at(90), p.at(99), p.max());
  }
}
