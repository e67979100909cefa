package io.aimengine.core.bench;

import java.util.Arrays;

/**
 * Exact percentiles of a sample, computed as {@code numpy.percentile} does by default (the "linear"
 * method, Hyndman–Fan type 7): the value at rank {@code p/100 × (n−1)}, interpolated between its
 * neighbours. vLLM's benchmark reports its percentiles with numpy, so these match it digit for
 * digit on the same sample. An empty sample gives 0 everywhere (numpy of {@code [] or 0}).
 */
public final class Percentiles {
  private final double[] sorted;

  private Percentiles(double[] sorted) {
    this.sorted = sorted;
  }

  /** Sorts a copy of {@code values}. */
  public static Percentiles of(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return new Percentiles(s);
  }

  public int count() {
    return sorted.length;
  }

  /** The {@code p}-th percentile, {@code 0 ≤ p ≤ 100}. */
  public double at(double p) {
    if (p < 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be within [0, 100]: " + p);
    }
    if (sorted.length == 0) {
      return 0;
    }
    double rank = p / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = rank - lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
  }

  public double median() {
    return at(50);
  }

  public double mean() {
    if (sorted.length == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  /** Population standard deviation ({@code numpy.std}, ddof 0). */
  public double std() {
    if (sorted.length == 0) {
      return 0;
    }
    double m = mean();
    double sq = 0;
    for (double v : sorted) {
      sq += (v - m) * (v - m);
    }
    return Math.sqrt(sq / sorted.length);
  }

  public double max() {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }
}
