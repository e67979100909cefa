package io.aimengine.core.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a recipe's {@code metadata.measured} block says: where, with what and on which workload it
 * was measured, and the figures ({@code bench}'s metric keys, as {@code vllm bench serve
 * --save-result} names them). {@code tune} writes it on the {@code measured} recipes it produces;
 * an {@code optimized} recipe may carry one too. Immutable.
 *
 * <p>Each objective is judged on one figure: {@code throughput} on {@code output_throughput}
 * (output tokens/s, higher is better), {@code latency} on {@code median_e2el_ms} (end-to-end
 * request latency, lower is better).
 *
 * @param hardware the machine, e.g. {@code 1x MI300X} or {@code CPU (16 threads)}
 * @param engineVersion the engine release measured
 * @param date ISO date or date-time of the measurement
 * @param workload the workload as a mapping ({@link #WORKLOAD_KEYS} compare); empty when it was
 *     written as free text
 * @param workloadText the workload in words, as written or rendered from {@code workload}
 * @param objective what was optimised: the block's {@code objective}, else the recipe's metric
 * @param figures metric key → value
 */
public record Measurement(
    String hardware,
    String engineVersion,
    String date,
    Map<String, Object> workload,
    String workloadText,
    Metric objective,
    Map<String, Double> figures) {

  /** The workload fields two measurements must agree on to be compared. */
  public static final List<String> WORKLOAD_KEYS =
      List.of("api", "input_tokens", "output_tokens", "concurrency", "rate");

  public Measurement {
    workload = Collections.unmodifiableMap(new LinkedHashMap<>(workload));
    figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    Objects.requireNonNull(objective, "objective");
  }

  /**
   * How a measurement names a CPU host ({@code CPU: AMD EPYC 9654, 192 threads}): a measured CPU
   * recipe applies only where this string is the same.
   */
  public static String cpuHardware(String cpuModel, int threads) {
    return "CPU: " + cpuModel + ", " + threads + " threads";
  }

  /** The figure an objective is judged on. */
  public static String figureKey(Metric objective) {
    return objective == Metric.THROUGHPUT ? "output_throughput" : "median_e2el_ms";
  }

  /** Whether a larger value of {@link #figureKey(Metric)} is better. */
  public static boolean higherIsBetter(Metric objective) {
    return objective == Metric.THROUGHPUT;
  }

  /** Whether {@code a} is strictly better than {@code b} on {@code objective}'s figure. */
  public static boolean better(Metric objective, double a, double b) {
    return higherIsBetter(objective) ? a > b : a < b;
  }

  /** This measurement's value of its objective's figure, when it has one. */
  public OptionalDouble objectiveFigure() {
    Double v = figures.get(figureKey(objective));
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /**
   * Both workloads are mappings that agree on every {@link #WORKLOAD_KEYS} field (numbers compared
   * by value: 16 equals 16.0). Free-text workloads are never the same as anything.
   */
  public boolean sameWorkload(Measurement other) {
    if (workload.isEmpty() || other.workload.isEmpty()) {
      return false;
    }
    for (String k : WORKLOAD_KEYS) {
      if (!same(workload.get(k), other.workload.get(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * This measurement beats {@code other}: same workload, and this one's objective figure is
   * strictly better than {@code other}'s value of the same figure. Where {@code other} lacks that
   * figure (or either workload is free text) nothing can be said, and it does not beat it.
   */
  public boolean beats(Measurement other) {
    OptionalDouble mine = objectiveFigure();
    Double theirs = other.figures.get(figureKey(objective));
    return mine.isPresent()
        && theirs != null
        && sameWorkload(other)
        && better(objective, mine.getAsDouble(), theirs);
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
    }
    return Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
  }
}
