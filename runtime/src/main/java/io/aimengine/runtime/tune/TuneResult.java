package io.aimengine.runtime.tune;

import io.aimengine.core.tune.Objective;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A whole {@code tune} run.
 *
 * @param trials one per configuration, in sweep order
 * @param winner the best measured configuration, empty when none met the objective's rules
 * @param elapsed the whole run
 */
public record TuneResult(
    Objective objective, List<TrialResult> trials, Optional<TrialResult> winner, Duration elapsed) {
  public TuneResult {
    trials = List.copyOf(trials);
  }
}
