package io.aimengine.core.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * Maturity of a recipe, in ranking order: optimized (validated and tuned) beats measured (written
 * by {@code aim-engine tune} from benchmarks on the exact hardware it names, figures in {@code
 * metadata.measured}) beats preview beats unoptimized (functional) beats general (model-agnostic
 * fallback). Measured ranks below optimized: AMD's optimized profiles publish no figures on a
 * workload a measured recipe could be compared with.
 */
public enum RecipeType {
  OPTIMIZED,
  MEASURED,
  PREVIEW,
  UNOPTIMIZED,
  GENERAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RecipeType> find(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (RecipeType t : values()) {
      if (t.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return label();
  }
}
