package io.aimengine.runtime.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.Distribution;
import io.aimengine.core.bench.Slo;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.tune.Objective;
import io.aimengine.core.tune.TuneConfig;
import io.aimengine.runtime.bench.Api;
import io.aimengine.runtime.bench.BenchResult;
import io.aimengine.runtime.bench.BenchSpec;
import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.bench.RunResult;
import io.aimengine.runtime.bench.Target;
import io.aimengine.runtime.tune.TrialResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The tuner's loop: first phase, early drop of clear losers and of SLO violators, second phase,
 * winner; every endpoint it started is stopped whatever happens.
 */
class TunerTest {
  static final TuneWorkload WORKLOAD =
      new TuneWorkload(
          Api.CHAT, 16, 8, new Load.Concurrency(2), 4, 12, 2, 0, Duration.ofSeconds(30));
  static final Objective THROUGHPUT = new Objective(Metric.THROUGHPUT, Slo.NONE, 0.2);

  /** Trials that record what started and stopped; configs in {@code failing} do not start. */
  static final class FakeTrials implements Trials {
    final List<String> started = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    final List<Integer> failing = new ArrayList<>();

    @Override
    public Trial start(TuneConfig c) {
      if (failing.contains(c.index())) {
        throw AimException.failure("engine exited with code 1 during start-up");
      }
      String name = "t" + c.index();
      started.add(name);
      return new Trial(name, Target.url("http://127.0.0.1:1/" + name, "m"), null);
    }

    @Override
    public void stop(Trial t) {
      stopped.add(t.name());
    }

    List<String> running() {
      List<String> r = new ArrayList<>(started);
      r.removeAll(stopped);
      return r;
    }
  }

  /** Each benchmark answers the metrics {@code scores} gives for (config, phase). */
  static final class FakeMeasure implements Tuner.Measure {
    final Map<String, Integer> phases = new HashMap<>();
    final IntFunction<double[]> scores;
    Runnable during = () -> {};

    FakeMeasure(IntFunction<double[]> scores) {
      this.scores = scores;
    }

    @Override
    public BenchResult run(BenchSpec spec, io.aimengine.runtime.bench.Progress p) {
      during.run();
      String name = spec.target().url().substring(spec.target().url().lastIndexOf('/') + 1);
      int index = Integer.parseInt(name.substring(1));
      int phase = phases.merge(name, 1, Integer::sum) - 1;
      double[] s = scores.apply(index);
      int failed = s.length > 2 ? (int) s[2] : 0;
      return new BenchResult(
          "id",
          Instant.EPOCH,
          spec.target(),
          Api.CHAT,
          16,
          8,
          null,
          "",
          List.of(
              new RunResult(
                  spec.loads().get(0),
                  metrics(s[Math.min(phase, 1)], failed),
                  List.of(),
                  Map.of())));
    }
  }

  static BenchMetrics metrics(double outputThroughput, int failed) {
    Distribution d = new Distribution(4, 10, 10, 0, 10, 10, 10);
    return new BenchMetrics(
        4,
        failed,
        64,
        32,
        1,
        4,
        0,
        outputThroughput,
        outputThroughput + 64,
        d,
        d,
        d,
        d,
        failed == 0 ? Map.of() : Map.of("timeout", failed));
  }

  static List<TuneConfig> configs(int n) {
    List<TuneConfig> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new TuneConfig(i, null, Map.of("parallel", String.valueOf(i))));
    }
    return out;
  }

  @Test
  void clearLosersAreDroppedAfterTheFirstPhaseAndTheBestSecondPhaseWins() {
    FakeTrials trials = new FakeTrials();
    // {first phase, second phase} output tokens/s
    Map<Integer, double[]> s =
        Map.of(
            1,
            new double[] {100, 100},
            2,
            new double[] {50, 0},
            3,
            new double[] {120, 118},
            4,
            new double[] {100, 125});
    FakeMeasure measure = new FakeMeasure(s::get);
    TuneResult r =
        new Tuner(trials, measure, THROUGHPUT, WORKLOAD, null).run(configs(4), Tuner.Listener.NONE);
    assertThat(r.trials())
        .extracting(TrialResult::outcome)
        .containsExactly(Outcome.MEASURED, Outcome.DROPPED, Outcome.MEASURED, Outcome.MEASURED);
    assertThat(r.trials().get(1).reason()).contains("50% below the best so far (100.00)");
    assertThat(measure.phases).containsEntry("t2", 1).containsEntry("t1", 2);
    // config 4 (100) was within 20 % of the best first phase (120): measured in full, and won there
    assertThat(r.winner()).get().extracting(w -> w.config().index()).isEqualTo(4);
    assertThat(r.winner().get().score()).isEqualTo(125);
    assertThat(trials.stopped).containsExactly("t1", "t2", "t3", "t4");
  }

  @Test
  void configurationsThatFailRequestsOrDoNotStartNeverWin() {
    FakeTrials trials = new FakeTrials();
    trials.failing.add(2);
    Map<Integer, double[]> s = Map.of(1, new double[] {500, 500, 1}, 3, new double[] {100, 100});
    TuneResult r =
        new Tuner(trials, new FakeMeasure(s::get), THROUGHPUT, WORKLOAD, null)
            .run(configs(3), Tuner.Listener.NONE);
    assertThat(r.trials())
        .extracting(TrialResult::outcome)
        .containsExactly(Outcome.VIOLATED, Outcome.FAILED, Outcome.MEASURED);
    assertThat(r.trials().get(0).reason()).contains("1 of 5 requests failed");
    assertThat(r.trials().get(1).reason()).contains("engine exited with code 1");
    // the violator's 500 tokens/s did not set the bar for dropping config 3
    assertThat(r.winner()).get().extracting(w -> w.config().index()).isEqualTo(3);
    assertThat(trials.running()).isEmpty();
  }

  @Test
  void anUnexpectedErrorStillStopsTheTrialThatRuns() {
    FakeTrials trials = new FakeTrials();
    FakeMeasure measure = new FakeMeasure(i -> new double[] {1, 1});
    measure.during =
        () -> {
          throw new IllegalStateException("boom");
        };
    Tuner t = new Tuner(trials, measure, THROUGHPUT, WORKLOAD, null);
    assertThatThrownBy(() -> t.run(configs(2), Tuner.Listener.NONE)).hasMessage("boom");
    assertThat(trials.started).containsExactly("t1");
    assertThat(trials.running()).isEmpty();
  }

  @Test
  void abortStopsTheRunningTrialAndSkipsTheRest() {
    FakeTrials trials = new FakeTrials();
    FakeMeasure measure = new FakeMeasure(i -> new double[] {10, 10});
    Tuner t = new Tuner(trials, measure, THROUGHPUT, WORKLOAD, null);
    measure.during =
        () -> {
          if (trials.started.size() == 2) {
            t.abort(); // as the shutdown hook does on SIGINT
          }
        };
    TuneResult r = t.run(configs(3), Tuner.Listener.NONE);
    assertThat(trials.started).containsExactly("t1", "t2");
    assertThat(trials.stopped).containsExactly("t1", "t2");
    assertThat(r.trials().get(2).outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(r.trials().get(2).reason()).isEqualTo("tune was interrupted");
  }

  @Test
  void anAbortWhileATrialStartsReturnsOnlyOnceThatTrialIsStopped() throws Exception {
    // The shutdown hook's abort() must not return while a trial is still being started on the
    // run's thread: the JVM halts when the hooks return, and the trial would be left behind.
    List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicReference<Tuner> tuner =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch aborting = new java.util.concurrent.CountDownLatch(1);
    Thread[] hook = new Thread[1];
    Trials slowStart =
        new Trials() {
          @Override
          public Trial start(TuneConfig c) {
            hook[0] =
                Thread.ofPlatform()
                    .start(
                        () -> {
                          aborting.countDown();
                          tuner.get().abort();
                          events.add("abort returned");
                        });
            try {
              aborting.await();
              Thread.sleep(200); // the start is not done yet when the signal comes
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            events.add("started t" + c.index());
            return new Trial("t" + c.index(), Target.url("http://127.0.0.1:1/t1", "m"), null);
          }

          @Override
          public void stop(Trial t) {
            events.add("stopped " + t.name());
          }
        };
    tuner.set(
        new Tuner(
            slowStart, new FakeMeasure(i -> new double[] {1, 1}), THROUGHPUT, WORKLOAD, null));
    TuneResult r = tuner.get().run(configs(2), Tuner.Listener.NONE);
    hook[0].join(10_000);
    assertThat(events).containsExactly("started t1", "stopped t1", "abort returned");
    assertThat(r.trials()).extracting(TrialResult::outcome).containsOnly(Outcome.SKIPPED);
  }

  @Test
  void anAbortCancelsTheBenchmarkThatRunsAndWaitsForTheTrialsStop() throws Exception {
    FakeTrials trials = new FakeTrials();
    java.util.concurrent.CountDownLatch benchmarking = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean sawCancel =
        new java.util.concurrent.atomic.AtomicBoolean();
    Tuner.Measure untilCancelled =
        (spec, p) -> {
          benchmarking.countDown();
          long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (!spec.stop().cancelled().getAsBoolean() && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          }
          sawCancel.set(spec.stop().cancelled().getAsBoolean());
          return new FakeMeasure(i -> new double[] {1, 1}).run(spec, p);
        };
    Tuner t = new Tuner(trials, untilCancelled, THROUGHPUT, WORKLOAD, null);
    Thread hook =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    benchmarking.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  t.abort();
                });
    TuneResult r = t.run(configs(2), Tuner.Listener.NONE);
    hook.join(30_000);
    assertThat(sawCancel).as("the benchmark was told to stop").isTrue();
    assertThat(r.trials()).extracting(TrialResult::outcome).containsOnly(Outcome.SKIPPED);
    assertThat(trials.started).containsExactly("t1");
    assertThat(trials.running()).isEmpty();
  }

  @Test
  void runDoesNotReturnWhileAnAbortIsStillStoppingItsTrial() throws Exception {
    // The caller closes the endpoint store once run returns: the hook's stop of the trial, which
    // uses that store, must have finished by then.
    List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch measuring = new java.util.concurrent.CountDownLatch(1);
    Trials slowStop =
        new Trials() {
          @Override
          public Trial start(TuneConfig c) {
            return new Trial("t" + c.index(), Target.url("http://127.0.0.1:1/t1", "m"), null);
          }

          @Override
          public void stop(Trial t) {
            try {
              Thread.sleep(300); // SIGTERM, then waiting for the engine to exit
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            events.add("stopped " + t.name());
          }
        };
    Tuner.Measure untilCancelled =
        (spec, p) -> {
          measuring.countDown();
          while (!spec.stop().cancelled().getAsBoolean()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          }
          return new FakeMeasure(i -> new double[] {1, 1}).run(spec, p);
        };
    Tuner t = new Tuner(slowStop, untilCancelled, THROUGHPUT, WORKLOAD, null);
    Thread hook =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    measuring.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  t.abort();
                });
    t.run(configs(1), Tuner.Listener.NONE);
    events.add("run returned");
    hook.join(10_000);
    assertThat(events).containsExactly("stopped t1", "run returned");
  }

  @Test
  void noConfigurationStartsOnceTheTimeLimitHasPassed() {
    FakeTrials trials = new FakeTrials();
    TuneResult r =
        new Tuner(
                trials,
                new FakeMeasure(i -> new double[] {1, 1}),
                THROUGHPUT,
                WORKLOAD,
                Duration.ZERO)
            .run(configs(2), Tuner.Listener.NONE);
    assertThat(r.trials()).extracting(TrialResult::outcome).containsOnly(Outcome.SKIPPED);
    assertThat(r.winner()).isEmpty();
    assertThat(trials.started).isEmpty();
  }
}
