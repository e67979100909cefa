package io.aimengine.core.plan;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.model.Precision;
import java.util.Comparator;
import java.util.List;

/**
 * Deterministic order among recipes that fit: maturity (optimized &gt; preview &gt; unoptimized
 * &gt; general), then the requested metric first, then precision preference, then id. Never file
 * order.
 */
final class Ranking {
  private Ranking() {}

  static Comparator<Recipe> comparator(Metric metric, List<Precision> preference) {
    return Comparator.<Recipe>comparingInt(r -> r.type().ordinal())
        .thenComparingInt(r -> r.metric() == metric ? 0 : 1)
        .thenComparingInt(r -> rank(preference, r.precision()))
        .thenComparing(Recipe::id);
  }

  private static int rank(List<Precision> preference, Precision p) {
    int i = preference.indexOf(p);
    return i < 0 ? preference.size() : i;
  }
}
