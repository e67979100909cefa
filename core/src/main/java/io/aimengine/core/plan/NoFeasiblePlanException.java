package io.aimengine.core.plan;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.util.List;

/**
 * Nothing the catalog offers fits the hardware (exit 3). Carries the candidates and the decision
 * trail so {@code plan} can still show why, and {@code suggestion}: the smallest change that would
 * fit ("needs 8 x MI300X at bf16, or 4 at fp8"), null when there is none within 8 GPUs.
 */
public final class NoFeasiblePlanException extends AimException {
  private static final long serialVersionUID = 1L;
  private final transient List<Candidate> candidates;
  private final List<String> reasons;
  private final String suggestion;

  public NoFeasiblePlanException(
      String message, List<Candidate> candidates, List<String> reasons, String suggestion) {
    super(ExitCode.UNEXPECTED_STATE, message);
    this.candidates = List.copyOf(candidates);
    this.reasons = List.copyOf(reasons);
    this.suggestion = suggestion;
  }

  public List<Candidate> candidates() {
    return candidates;
  }

  public List<String> reasons() {
    return reasons;
  }

  public String suggestion() {
    return suggestion;
  }
}
