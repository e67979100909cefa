package io.aimengine.core.bench;

import io.aimengine.core.AimException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service-level objectives for goodput, as vLLM's {@code --goodput ttft:MS tpot:MS e2el:MS}: a
 * request is good when, for every objective given, its metric is at most the limit (vLLM: {@code
 * slo >= metric}). TPOT of a request with one output token counts as 0, as in vLLM.
 *
 * @param limitsMs metric name ({@code ttft}, {@code tpot}, {@code e2el}) → limit in milliseconds
 */
public record Slo(Map<String, Double> limitsMs) {
  /** The metric names an objective may name. */
  public static final List<String> METRICS = List.of("ttft", "tpot", "e2el");

  public static final Slo NONE = new Slo(Map.of());

  public Slo {
    limitsMs = Map.copyOf(limitsMs);
  }

  /**
   * Parses {@code KEY:VALUE} pairs. A bad pair is invalid input naming {@code flag}, the pair and
   * what was expected.
   */
  public static Slo parse(String flag, List<String> pairs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int colon = pair.indexOf(':');
      String name = colon < 0 ? "" : pair.substring(0, colon).trim();
      if (!METRICS.contains(name)) {
        throw AimException.invalid(
            flag
                + " '"
                + pair
                + "': expected KEY:MS with KEY one of "
                + String.join(", ", METRICS));
      }
      double v;
      try {
        v = Double.parseDouble(pair.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw AimException.invalid(
            flag + " '" + pair + "': the limit must be a number of milliseconds");
      }
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw AimException.invalid(flag + " '" + pair + "': the limit must be ≥ 0 milliseconds");
      }
      m.put(name, v);
    }
    return new Slo(m);
  }

  public boolean isEmpty() {
    return limitsMs.isEmpty();
  }

  /** Whether a successful request meets every objective. */
  public boolean met(double ttftMs, double tpotMs, double e2elMs) {
    return within("ttft", ttftMs) && within("tpot", tpotMs) && within("e2el", e2elMs);
  }

  private boolean within(String metric, double valueMs) {
    Double limit = limitsMs.get(metric);
    return limit == null || limit >= valueMs;
  }

  /** {@code ttft:500 tpot:50} — the form the flag takes. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (String k : METRICS) {
      if (limitsMs.containsKey(k)) {
        b.append(b.isEmpty() ? "" : " ").append(k).append(':').append(fmt(limitsMs.get(k)));
      }
    }
    return b.toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
