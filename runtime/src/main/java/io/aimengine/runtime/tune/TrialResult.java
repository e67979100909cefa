package io.aimengine.runtime.tune;

import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.tune.TuneConfig;
import java.time.Duration;

/**
 * What became of one configuration.
 *
 * @param outcome how far it got
 * @param reason why it stopped short (null when measured in full)
 * @param screen the first phase's metrics (null when it never served)
 * @param full the second phase's metrics (null unless {@link Outcome#MEASURED})
 * @param score the objective's figure of the last phase run (NaN when none ran)
 * @param plan the plan it ran (null when it could not be planned)
 * @param elapsed launch to stop
 */
public record TrialResult(
    TuneConfig config,
    Outcome outcome,
    String reason,
    BenchMetrics screen,
    BenchMetrics full,
    double score,
    Plan plan,
    Duration elapsed) {

  /** How far a configuration got. */
  public enum Outcome {
    /** Both phases ran and it met the SLOs. */
    MEASURED,
    /** Dropped after the first phase: clearly worse than the best so far. */
    DROPPED,
    /** Failed requests or missed the SLOs. */
    VIOLATED,
    /** Could not be planned or did not start. */
    FAILED,
    /** Not tried: --max-time was reached, or tune was interrupted. */
    SKIPPED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The metrics that stand for it: the full phase's, else the first phase's. */
  public BenchMetrics metrics() {
    return full != null ? full : screen;
  }
}
