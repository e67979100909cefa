package io.aimengine.core.plan;

import io.aimengine.core.catalog.Recipe;

/**
 * One recipe the planner considered, with the verdict and why.
 *
 * @param recipe the recipe
 * @param verdict the closed set of outcomes
 * @param reason one line with the numbers ("does_not_fit: needs 98.9 GiB/GPU, has 71.7 GiB")
 * @param memory the memory estimate, null when memory was not evaluated
 */
public record Candidate(Recipe recipe, Verdict verdict, String reason, MemoryEstimate memory) {

  /** Outcomes; only SELECTED and FITS count as accepted. */
  public enum Verdict {
    SELECTED,
    FITS,
    ENGINE_MISMATCH,
    GPU_MISMATCH,
    PRECISION_MISMATCH,
    PRECISION_UNSUPPORTED,
    GPU_COUNT_MISMATCH,
    NOT_ENOUGH_GPUS,
    INVALID_PARALLELISM,
    INVALID_FLAGS,
    MANUAL_SELECTION_ONLY,
    DOES_NOT_FIT;

    /** The snake-case code used in JSON and human output ("does_not_fit"). */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean accepted() {
    return verdict == Verdict.SELECTED || verdict == Verdict.FITS;
  }
}
