package io.aimengine.core.bench;

import java.util.random.RandomGenerator;

/**
 * Request send times for a target rate, as vLLM's {@code get_request} draws them: inter-arrival
 * gaps from a gamma distribution with shape {@code burstiness} and scale {@code 1/(rate ×
 * burstiness)} — exponential gaps (a Poisson process) at burstiness 1, burstier below 1, more
 * regular above. An infinite rate sends everything at once. For a known request count the gaps are
 * rescaled so the last send falls at exactly {@code n / rate} seconds, as vLLM does to keep the
 * achieved rate from drifting with the seed.
 */
public final class Arrivals {
  private Arrivals() {}

  /** Cumulative send offsets in nanoseconds for {@code n} requests. */
  public static long[] offsets(int n, double rate, double burstiness, RandomGenerator random) {
    check(rate, burstiness);
    long[] out = new long[n];
    if (Double.isInfinite(rate) || n == 0) {
      return out;
    }
    double[] t = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += gap(rate, burstiness, random);
      t[i] = sum;
    }
    double scale = sum == 0 ? 1 : (n / rate) / sum;
    for (int i = 0; i < n; i++) {
      out[i] = Math.round(t[i] * scale * 1e9);
    }
    return out;
  }

  /** One inter-arrival gap in seconds (for open-ended runs bounded by a duration). */
  public static double gap(double rate, double burstiness, RandomGenerator random) {
    check(rate, burstiness);
    if (Double.isInfinite(rate)) {
      return 0;
    }
    if (Double.isInfinite(burstiness)) {
      return 1 / rate;
    }
    return gamma(burstiness, 1 / (rate * burstiness), random);
  }

  private static void check(double rate, double burstiness) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    if (!(burstiness > 0)) {
      throw new IllegalArgumentException("burstiness must be positive: " + burstiness);
    }
  }

  /** Marsaglia–Tsang (2000) gamma sampler; shape below 1 boosted by {@code U^(1/shape)}. */
  static double gamma(double shape, double scale, RandomGenerator r) {
    if (shape < 1) {
      return gamma(shape + 1, scale, r) * Math.pow(r.nextDouble(), 1 / shape);
    }
    if (shape == 1) {
      return -Math.log1p(-r.nextDouble()) * scale;
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = r.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = r.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v * scale;
      }
    }
  }
}
