package io.aimengine.runtime.tune;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.tune.Objective;
import io.aimengine.core.tune.TuneConfig;
import io.aimengine.runtime.bench.BenchResult;
import io.aimengine.runtime.bench.BenchSpec;
import io.aimengine.runtime.bench.Progress;
import io.aimengine.runtime.bench.Stop;
import io.aimengine.runtime.tune.TrialResult.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures configurations one after another: each is launched ({@link Trials#start}), benchmarked
 * for a short first phase, dropped there when it fails requests, misses the SLOs or is clearly
 * worse than the best first phase so far ({@link Objective#loser}), else benchmarked for the second
 * phase, and stopped ({@link Trials#stop}) whatever happened. The winner is the measured
 * configuration with the best second-phase score.
 *
 * <p>At most one trial runs at a time; {@link #abort()} (from a shutdown hook: SIGINT, SIGTERM)
 * stops it and skips the rest, and returns only once {@code run} has returned (bounded by {@link
 * #ABORT_WAIT}): a trial still being started when the signal comes is stopped by {@code run}'s own
 * thread, and the JVM must not halt before that. Not reusable: one {@code run} per instance.
 */
public final class Tuner {
  /** Runs one benchmark (the production one is {@code new Bench(clock)::run}). */
  public interface Measure {
    BenchResult run(BenchSpec spec, Progress progress);
  }

  /** Told what happens, from the calling thread (plus bench progress from its threads). */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** {@code phase}: launching, first phase, second phase. */
    default void phase(TuneConfig config, String phase) {}

    default Progress progress() {
      return Progress.NONE;
    }

    default void finished(TrialResult result) {}
  }

  private final Trials trials;
  private final Measure measure;
  private final Objective objective;
  private final TuneWorkload workload;
  private final Duration maxTime;
  private final AtomicReference<Trial> current = new AtomicReference<>();
  private final AtomicBoolean aborted = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Object stopLock = new Object();
  private volatile Thread runner;

  /**
   * How long {@link #abort()} waits for {@code run} to return: a launch's own stop (10 s grace,
   * then SIGKILL) plus a trial's stop, with room to spare.
   */
  public static final Duration ABORT_WAIT = Duration.ofSeconds(40);

  /**
   * @param maxTime no configuration starts once this has passed (null: no limit)
   */
  public Tuner(
      Trials trials,
      Measure measure,
      Objective objective,
      TuneWorkload workload,
      Duration maxTime) {
    this.trials = trials;
    this.measure = measure;
    this.objective = objective;
    this.workload = workload;
    this.maxTime = maxTime;
  }

  /** Measures {@code configs} in order; every endpoint it started is stopped when it returns. */
  public TuneResult run(List<TuneConfig> configs, Listener listener) {
    runner = Thread.currentThread();
    try {
      return runAll(configs, listener);
    } finally {
      finished.countDown();
    }
  }

  private TuneResult runAll(List<TuneConfig> configs, Listener listener) {
    long start = System.nanoTime();
    List<TrialResult> results = new ArrayList<>();
    double bestScreen = Double.NaN;
    for (TuneConfig c : configs) {
      long t0 = System.nanoTime();
      if (aborted.get()) {
        results.add(interrupted(c));
        continue;
      }
      if (maxTime != null && Duration.ofNanos(t0 - start).compareTo(maxTime) >= 0) {
        results.add(skipped(c, "--max-time " + maxTime.toSeconds() + "s reached"));
        continue;
      }
      TrialResult r = trial(c, bestScreen, listener, t0);
      if (r.screen() != null
          && r.outcome() != Outcome.VIOLATED
          && (Double.isNaN(bestScreen) || objective.better(screenScore(r), bestScreen))) {
        bestScreen = screenScore(r);
      }
      results.add(r);
      listener.finished(r);
    }
    Optional<TrialResult> winner = Optional.empty();
    for (TrialResult r : results) {
      if (r.outcome() == Outcome.MEASURED
          && (winner.isEmpty() || objective.better(r.score(), winner.get().score()))) {
        winner = Optional.of(r);
      }
    }
    return new TuneResult(objective, results, winner, Duration.ofNanos(System.nanoTime() - start));
  }

  private double screenScore(TrialResult r) {
    return objective.score(r.screen());
  }

  private TrialResult trial(TuneConfig c, double bestScreen, Listener listener, long t0) {
    listener.phase(c, "launching");
    Trial trial;
    try {
      trial = trials.start(c);
    } catch (AimException e) {
      return new TrialResult(
          c, Outcome.FAILED, firstLine(e.getMessage()), null, null, Double.NaN, null, since(t0));
    }
    current.set(trial);
    try {
      if (aborted.get()) {
        return interrupted(c);
      }
      boolean twoPhases = workload.requests() > workload.screenRequests();
      listener.phase(c, twoPhases ? "first phase" : "measuring");
      BenchMetrics screen = bench(trial, workload.screenRequests(), workload.warmup(), listener);
      if (aborted.get()) {
        return interrupted(c);
      }
      double s = objective.score(screen);
      Optional<String> bad = objective.violation(screen);
      if (bad.isPresent()) {
        return new TrialResult(
            c, Outcome.VIOLATED, bad.get(), screen, null, s, trial.plan(), since(t0));
      }
      if (!twoPhases) {
        return new TrialResult(
            c, Outcome.MEASURED, null, screen, screen, s, trial.plan(), since(t0));
      }
      Optional<String> loser =
          Double.isNaN(bestScreen) ? Optional.empty() : objective.loser(s, bestScreen);
      if (loser.isPresent()) {
        return new TrialResult(
            c, Outcome.DROPPED, loser.get(), screen, null, s, trial.plan(), since(t0));
      }
      if (aborted.get()) {
        return interrupted(c);
      }
      listener.phase(c, "second phase");
      BenchMetrics full = bench(trial, workload.requests(), 0, listener);
      if (aborted.get()) {
        return interrupted(c);
      }
      double f = objective.score(full);
      bad = objective.violation(full);
      return new TrialResult(
          c,
          bad.isPresent() ? Outcome.VIOLATED : Outcome.MEASURED,
          bad.orElse(null),
          screen,
          full,
          f,
          trial.plan(),
          since(t0));
    } catch (AimException e) {
      if (aborted.get()) {
        return interrupted(c);
      }
      return new TrialResult(
          c,
          Outcome.FAILED,
          "benchmark failed: " + firstLine(e.getMessage()),
          null,
          null,
          Double.NaN,
          trial.plan(),
          since(t0));
    } finally {
      stopCurrent();
    }
  }

  private BenchMetrics bench(Trial trial, int requests, int warmup, Listener listener) {
    BenchSpec spec =
        new BenchSpec(
            trial.target(),
            workload.api(),
            null,
            workload.inputTokens(),
            workload.outputTokens(),
            null,
            true,
            List.of(workload.load()),
            Stop.after(requests).orWhen(aborted::get),
            warmup,
            objective.slo(),
            workload.seed(),
            workload.readTimeout(),
            null);
    return measure.run(spec, listener.progress()).runs().get(0).metrics();
  }

  /**
   * Stops whatever trial runs and lets no other start: for a shutdown hook. Safe from any thread,
   * more than once. From another thread than {@code run}'s it then waits (at most {@link
   * #ABORT_WAIT}) for {@code run} to return, so that a trial that was still starting has been
   * stopped too.
   */
  public void abort() {
    aborted.set(true);
    stopCurrent();
    if (runner != null && Thread.currentThread() != runner) {
      try {
        finished.await(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether {@link #abort()} was called. */
  public boolean aborted() {
    return aborted.get();
  }

  /**
   * Stops the current trial, if any. Serialised: a caller that finds another one stopping the trial
   * waits until that stop is done, so that {@code run} never returns (and its caller never closes
   * what the stop uses, such as the endpoint store) while a shutdown hook still stops it.
   */
  private void stopCurrent() {
    synchronized (stopLock) {
      Trial t = current.getAndSet(null);
      if (t != null) {
        trials.stop(t);
      }
    }
  }

  private static TrialResult interrupted(TuneConfig c) {
    return skipped(c, "tune was interrupted");
  }

  private static TrialResult skipped(TuneConfig c, String why) {
    return new TrialResult(c, Outcome.SKIPPED, why, null, null, Double.NaN, null, Duration.ZERO);
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
