package io.aimengine.core.plan;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.model.Precision;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deterministic order among recipes that fit: maturity (optimized &gt; measured &gt; preview &gt;
 * unoptimized &gt; general), then the requested metric first, then precision preference, then id.
 * Never file order.
 *
 * <p>One exception to maturity: a measured recipe that {@linkplain #beatsOptimized beats} every
 * optimized recipe for its GPU model and count ranks above them all.
 */
final class Ranking {
  private Ranking() {}

  static Comparator<Recipe> comparator(Metric metric, List<Precision> preference) {
    return comparator(metric, preference, List.of());
  }

  /**
   * The order among {@code pool}'s recipes (the candidates of one plan): measured recipes that beat
   * the optimized ones of {@code pool} on their own figures come first.
   */
  static Comparator<Recipe> comparator(
      Metric metric, List<Precision> preference, Collection<Recipe> pool) {
    Set<String> promoted =
        pool.stream()
            .filter(r -> beatsOptimized(r, pool))
            .map(Recipe::id)
            .collect(Collectors.toSet());
    // Written out rather than Comparator.comparingInt(...).thenComparing...: those build their
    // lambdas inside the JDK, whose call sites the start-up cache does not keep (linked on every
    // plan).
    return (a, b) -> {
      int c =
          Integer.compare(
              promoted.contains(a.id()) ? -1 : a.type().ordinal(),
              promoted.contains(b.id()) ? -1 : b.type().ordinal());
      if (c == 0) {
        c = Integer.compare(a.metric() == metric ? 0 : 1, b.metric() == metric ? 0 : 1);
      }
      if (c == 0) {
        c = Integer.compare(rank(preference, a.precision()), rank(preference, b.precision()));
      }
      return c != 0 ? c : a.id().compareTo(b.id());
    };
  }

  /**
   * A measured recipe beats the optimized ones when {@code pool} holds at least one optimized
   * recipe for the same engine, GPU model and GPU count, and its figures beat each of them on the
   * same workload ({@link io.aimengine.core.catalog.Measurement#beats}): an optimized recipe
   * without figures, or with figures on another workload, cannot be beaten.
   */
  static boolean beatsOptimized(Recipe r, Collection<Recipe> pool) {
    if (r.type() != RecipeType.MEASURED || r.measured() == null) {
      return false;
    }
    List<Recipe> rivals =
        pool.stream()
            .filter(o -> o.type() == RecipeType.OPTIMIZED)
            .filter(o -> o.engine() == r.engine())
            .filter(o -> o.gpu().equalsIgnoreCase(r.gpu()) && o.gpuCount() == r.gpuCount())
            .toList();
    return !rivals.isEmpty()
        && rivals.stream().allMatch(o -> o.measured() != null && r.measured().beats(o.measured()));
  }

  private static int rank(List<Precision> preference, Precision p) {
    int i = preference.indexOf(p);
    return i < 0 ? preference.size() : i;
  }
}
