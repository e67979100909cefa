package io.aimengine.runtime.bench;

/** Told about a run's progress; called from the generator's threads. */
public interface Progress {
  Progress NONE = (load, done, failed, total, elapsedNanos) -> {};

  /**
   * @param total requests planned, or 0 when the run is bounded by time
   */
  void update(Load load, int done, int failed, int total, long elapsedNanos);
}
