package io.aimengine.core.plan;

import io.aimengine.core.catalog.Measurement;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The plan's line saying why a measured recipe was chosen: what was measured, and what it beat. */
final class MeasuredReason {
  private MeasuredReason() {}

  static String describe(Recipe chosen, Collection<Candidate> candidates) {
    Measurement m = chosen.measured();
    StringBuilder b =
        new StringBuilder("measured: ")
            .append(chosen.id())
            .append(" was benchmarked on ")
            .append(m.hardware())
            .append(" (")
            .append(chosen.engine())
            .append(' ')
            .append(m.engineVersion())
            .append(", ")
            .append(m.date())
            .append("): ")
            .append(m.workloadText());
    String key = Measurement.figureKey(m.objective());
    m.objectiveFigure()
        .ifPresent(
            v ->
                b.append("; ")
                    .append(m.objective())
                    .append(" objective, ")
                    .append(key)
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", v)));
    List<Recipe> pool = candidates.stream().map(Candidate::recipe).toList();
    List<Recipe> optimized =
        pool.stream()
            .filter(o -> o.type() == RecipeType.OPTIMIZED)
            .filter(o -> o.engine() == chosen.engine())
            .filter(o -> o.gpu().equalsIgnoreCase(chosen.gpu()))
            .filter(o -> o.gpuCount() == chosen.gpuCount())
            .toList();
    if (Ranking.beatsOptimized(chosen, pool)) {
      b.append("; beats the optimized ")
          .append(
              String.join(
                  ", ",
                  optimized.stream()
                      .map(
                          o ->
                              o.id()
                                  + " ("
                                  + key
                                  + " "
                                  + String.format(
                                      Locale.ROOT, "%.2f", o.measured().figures().get(key))
                                  + ")")
                      .toList()))
          .append(" on the same workload");
    } else {
      b.append("; measured recipes rank above unmeasured ones for the hardware they name");
    }
    return b.toString();
  }
}
