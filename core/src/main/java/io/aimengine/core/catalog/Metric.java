package io.aimengine.core.catalog;

import io.aimengine.core.AimException;
import java.util.Locale;
import java.util.Optional;

/** What a recipe is tuned for. */
public enum Metric {
  LATENCY,
  THROUGHPUT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Metric> find(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (Metric m : values()) {
      if (m.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public static Metric parse(String s, String where) {
    return find(s)
        .orElseThrow(
            () ->
                AimException.invalid(
                    where + ": unknown metric '" + s + "'; expected latency or throughput"));
  }

  @Override
  public String toString() {
    return label();
  }
}
