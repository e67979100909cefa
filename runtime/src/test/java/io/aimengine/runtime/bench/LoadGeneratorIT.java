package io.aimengine.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.Distribution;
import io.aimengine.core.bench.RequestOutcome;
import io.aimengine.core.bench.Slo;
import io.aimengine.testsupport.SseStandIn;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The metric arithmetic against a stand-in that streams tokens on a scripted schedule: what the
 * benchmark reports must be the schedule the stand-in kept (within 2 ms, throughput within 1 %).
 */
class LoadGeneratorIT {
  // First token after 100 ms, then 9 more: gaps of 20, 30, 20, 30, ... ms.
  static final double TTFT = 100;
  static final double[] GAPS = {20, 30, 20, 30, 20, 30, 20, 30, 20};
  static final double LATENCY = TTFT + 220; // 100 + 4×50 + 20
  static final double TPOT = (LATENCY - TTFT) / 9;

  final OkHttpClient client = BenchHttp.create(8, Duration.ofSeconds(30));

  @AfterEach
  void close() {
    BenchHttp.close(client);
  }

  /**
   * The schedule the stand-in kept is what the measurements are checked against: a stand-in on a
   * busy machine wakes late from its sleeps (measured: 0.2-1 ms late on average per token at a load
   * of 4 per core, each client's four requests in a row adding up to -0.7 to -2 % of throughput),
   * which is no error of the generator's arithmetic. The stand-in records when it read each request
   * and just before it wrote each token, in this JVM's clock; the check is that the generator's
   * TTFT, ITL, TPOT, E2EL and throughput match those within 2 ms / 1 %, and that the stand-in kept
   * the script (never a token before its scripted time).
   */
  @ParameterizedTest
  @EnumSource(Api.class)
  void metricsMatchTheScriptedSchedule(Api api) throws Exception {
    assumeMachineNotOversubscribed("metricsMatchTheScriptedSchedule");
    try (SseStandIn server = SseStandIn.scripted(TTFT, GAPS)) {
      LoadGenerator gen = generator(server, api, Slo.NONE);
      gen.warmOwnPath(Bench.OWN_PATH_WARM_UP);
      gen.warmUp(4, 4);
      int warm = server.awaitSent(4).size();
      RunResult r = gen.run(new Load.Concurrency(4), Stop.after(16), Progress.NONE);
      BenchMetrics m = r.metrics();
      Kept kept = Kept.of(server.awaitSent(warm + 16).subList(warm, warm + 16));
      String both = "measured " + m + "\nstand-in kept " + kept;
      System.out.printf(
          "LoadGeneratorIT %s: TTFT %.2f ms (kept %.2f, script %.0f), ITL %.2f (kept %.2f, script"
              + " 25), TPOT %.2f (kept %.2f, script %.2f), E2EL %.2f (kept %.2f, script %.0f),"
              + " %.3f req/s (kept %.3f, script %.3f)%n",
          api,
          m.ttftMs().mean(),
          kept.ttft().mean(),
          TTFT,
          m.itlMs().mean(),
          kept.itl().mean(),
          m.tpotMs().mean(),
          kept.tpot().mean(),
          TPOT,
          m.e2elMs().mean(),
          kept.e2el().mean(),
          LATENCY,
          m.requestThroughput(),
          kept.requestsPerSecond(),
          4 / (LATENCY / 1000));

      assertThat(m.completed()).isEqualTo(16);
      assertThat(m.failed()).isZero();
      assumeThreadsWokeOnTime(kept, "metricsMatchTheScriptedSchedule");
      assertThat(m.totalOutputTokens()).isEqualTo(16 * 10); // from usage
      assertThat(m.totalInputTokens()).isEqualTo(16 * 12); // from usage: 12 words each
      assertThat(kept.earliestAgainstScriptMs()).as(both).isGreaterThanOrEqualTo(0);
      assertThat(m.ttftMs().mean()).as(both).isCloseTo(kept.ttft().mean(), within(2.0));
      assertThat(m.ttftMs().median()).as(both).isCloseTo(kept.ttft().median(), within(2.0));
      assertThat(m.itlMs().count()).isEqualTo(16 * 9);
      assertThat(m.itlMs().mean()).as(both).isCloseTo(kept.itl().mean(), within(2.0));
      assertThat(m.itlMs().median()).as(both).isCloseTo(kept.itl().median(), within(2.0));
      assertThat(m.itlMs().p90()).as(both).isCloseTo(kept.itl().p90(), within(2.0));
      assertThat(m.tpotMs().mean()).as(both).isCloseTo(kept.tpot().mean(), within(2.0));
      assertThat(m.e2elMs().mean()).as(both).isCloseTo(kept.e2el().mean(), within(2.0));
      double rps = kept.requestsPerSecond();
      assertThat(m.requestThroughput()).as(both).isCloseTo(rps, within(rps * 0.01));
      assertThat(m.outputThroughput()).as(both).isCloseTo(rps * 10, within(rps * 10 * 0.01));
    }
  }

  /**
   * The schedule a stand-in kept, from its own records: TTFT (request read → first token written),
   * ITL, TPOT, E2EL (→ last token written), and requests per second over the span from the first
   * request read to the last response's end; {@code earliestAgainstScriptMs}: the least of (token
   * written − its scripted time), negative if any token left early; {@code meanLateMs}: the mean of
   * (token written − its scripted time).
   */
  record Kept(
      Distribution ttft,
      Distribution itl,
      Distribution tpot,
      Distribution e2el,
      double requestsPerSecond,
      double earliestAgainstScriptMs,
      double meanLateMs) {
    static Kept of(List<SseStandIn.Sent> sent) {
      double[] ttft = new double[sent.size()];
      double[] tpot = new double[sent.size()];
      double[] e2el = new double[sent.size()];
      double[] itl = new double[sent.size() * GAPS.length];
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      double earliest = Double.MAX_VALUE;
      double late = 0;
      for (int i = 0; i < sent.size(); i++) {
        SseStandIn.Sent s = sent.get(i);
        long[] t = s.tokenNanos();
        ttft[i] = s.ttftNanos() / 1e6;
        e2el[i] = s.latencyNanos() / 1e6;
        tpot[i] = (t[t.length - 1] - t[0]) / 1e6 / (t.length - 1);
        double script = TTFT;
        earliest = Math.min(earliest, ttft[i] - script);
        late += ttft[i] - script;
        for (int k = 1; k < t.length; k++) {
          itl[i * GAPS.length + k - 1] = (t[k] - t[k - 1]) / 1e6;
          script += GAPS[k - 1];
          double lateK = (t[k] - s.arrivedNanos()) / 1e6 - script;
          earliest = Math.min(earliest, lateK);
          late += lateK;
        }
        first = Math.min(first, s.arrivedNanos());
        last = Math.max(last, s.endNanos());
      }
      return new Kept(
          Distribution.of(ttft),
          Distribution.of(itl),
          Distribution.of(tpot),
          Distribution.of(e2el),
          sent.size() / ((last - first) / 1e9),
          earliest,
          late / (sent.size() * (GAPS.length + 1)));
    }
  }

  @Test
  void goodputCountsOnlyRequestsWithinTheObjectives() throws Exception {
    try (SseStandIn server = SseStandIn.scripted(50, 10, 10)) {
      BenchMetrics loose =
          generator(server, Api.CHAT, Slo.parse("--goodput", List.of("ttft:60000")))
              .run(new Load.Concurrency(2), Stop.after(6), Progress.NONE)
              .metrics();
      assertThat(loose.requestGoodput()).isCloseTo(loose.requestThroughput(), within(1e-9));
      BenchMetrics strict =
          generator(server, Api.CHAT, Slo.parse("--goodput", List.of("ttft:10")))
              .run(new Load.Concurrency(2), Stop.after(6), Progress.NONE)
              .metrics();
      assertThat(strict.requestGoodput()).isZero();
    }
  }

  /** The stand-in's usage gives the prompt's words as its tokens, and the generator keeps them. */
  @Test
  void promptTokensAreTheStandInsCountOfThePromptsWords() throws Exception {
    try (SseStandIn server = SseStandIn.scripted(1)) {
      for (Api api : Api.values()) {
        Workload w = workload(api);
        RunResult r =
            new LoadGenerator(new StreamingRequest(client, server.url(), api, null), w, Slo.NONE, 1)
                .run(new Load.Concurrency(1), Stop.after(3), Progress.NONE);
        for (int i = 0; i < 3; i++) {
          String text = w.prompts().get(i).text().trim();
          assertThat(r.outcomes().get(i).promptTokens())
              .as(api + " prompt " + i)
              .isEqualTo(text.isEmpty() ? 0 : text.split("\\s+").length);
        }
      }
    }
  }

  @Test
  void errorsAreCountedByKind() throws Exception {
    try (SseStandIn server = SseStandIn.failingEvery(3, 5, 5)) {
      RunResult r =
          generator(server, Api.COMPLETIONS, Slo.NONE)
              .run(new Load.Concurrency(1), Stop.after(9), Progress.NONE);
      assertThat(r.metrics().completed()).isEqualTo(6);
      assertThat(r.metrics().errors()).containsExactly(java.util.Map.entry("http_503", 3));
      assertThat(r.firstErrors().get("http_503")).contains("overloaded");
    }
  }

  @Test
  void aRefusedConnectionIsAConnectionError() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StreamingRequest sender =
        new StreamingRequest(client, "http://127.0.0.1:" + port, Api.CHAT, null);
    LoadGenerator gen = new LoadGenerator(sender, workload(Api.CHAT), Slo.NONE, 1);
    assertThatThrownBy(gen::probe)
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith("the first request failed (connection)");
  }

  @Test
  void poissonRateSendsAtTheRequestedRate() throws Exception {
    assumeMachineNotOversubscribed("poissonRateSendsAtTheRequestedRate");
    try (SseStandIn server = SseStandIn.scripted(1)) {
      RunResult r =
          generator(server, Api.CHAT, Slo.NONE)
              .run(new Load.Rate(50, 1.0, 0), Stop.after(50), Progress.NONE);
      List<RequestOutcome> o = r.outcomes();
      assertThat(o).hasSize(50);
      // vLLM rescales the gaps so the last send is at n / rate: 50 / 50 = 1 s.
      double lastSendMs = o.get(49).startNanos() / 1e6;
      assertThat(lastSendMs).isCloseTo(1000, within(20.0));
    }
  }

  @Test
  void aDurationBoundRunStopsSendingAtTheDeadline() throws Exception {
    assumeMachineNotOversubscribed("aDurationBoundRunStopsSendingAtTheDeadline");
    try (SseStandIn server = SseStandIn.scripted(20)) {
      RunResult r =
          generator(server, Api.CHAT, Slo.NONE)
              .run(new Load.Concurrency(2), Stop.after(Duration.ofMillis(500)), Progress.NONE);
      assertThat(r.metrics().completed()).isBetween(20, 52);
      assertThat(r.metrics().durationS()).isBetween(0.5, 0.6);
    }
  }

  /**
   * An open loop never waits for a platform sender: at an infinite rate (every request due at
   * once), past the {@link LoadGenerator#OPEN_LOOP_SENDERS} started beforehand and past {@link
   * LoadGenerator#PLATFORM_SENDERS}, all are sent before the first can be answered.
   */
  @Test
  void anInfiniteRateSendsEveryRequestAtOnce() throws Exception {
    int n = LoadGenerator.PLATFORM_SENDERS + 8;
    try (SseStandIn server = SseStandIn.scripted(2000)) {
      RunResult r =
          generator(server, Api.CHAT, Slo.NONE)
              .run(new Load.Rate(Double.POSITIVE_INFINITY, 1.0, 0), Stop.after(n), Progress.NONE);
      assertThat(r.metrics().completed()).isEqualTo(n);
      assertThat(r.outcomes().get(n - 1).startNanos() / 1e6).isLessThan(1500.0);
    }
  }

  @Test
  void aCancelledRunSendsNoFurtherRequest() throws Exception {
    try (SseStandIn server = SseStandIn.scripted(20)) {
      java.util.concurrent.atomic.AtomicBoolean cancel =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger seen =
          new java.util.concurrent.atomic.AtomicInteger();
      Progress cancelAfterFive =
          (load, completed, failed, total, elapsed) -> {
            if (seen.incrementAndGet() == 5) {
              cancel.set(true);
            }
          };
      for (Load load : List.of(new Load.Concurrency(2), new Load.Rate(100, 1.0, 0))) {
        seen.set(0);
        cancel.set(false);
        RunResult r =
            generator(server, Api.CHAT, Slo.NONE)
                .run(load, Stop.after(1000).orWhen(cancel::get), cancelAfterFive);
        // the five recorded, plus the requests already in flight then: far from the 1000 asked
        assertThat(r.outcomes().size()).as(load.toString()).isBetween(5, 200);
      }
    }
  }

  /**
   * Millisecond accuracy cannot be judged on an oversubscribed machine: every request then waits
   * milliseconds to seconds for a CPU (measured: TTFT +3 ms at a load average of 8 per core, stalls
   * over 800 ms at 13). Such a test is skipped there, loudly, rather than judged more loosely.
   */
  static void assumeMachineNotOversubscribed(String test) {
    double perCore =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
            / Runtime.getRuntime().availableProcessors();
    if (perCore > 2) {
      System.err.printf("SKIPPED: LoadGeneratorIT.%s: load average %.1f per core%n", test, perCore);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        perCore <= 2, "load average " + perCore + " per core: timing not judged");
  }

  /**
   * The load average lags (a minute's mean): the stand-in's own sleeps tell how busy the machine
   * was during the run itself. A platform thread sleeping until a due time wakes 0.1-0.3 ms late on
   * a quiet machine, 0.2-0.9 ms at a load of 2 per core, 1-5 ms at 4-5 per core; the generator
   * needs one such wake-up per token (its sender, a platform thread blocked in the read; three for
   * a request past {@link LoadGenerator#PLATFORM_SENDERS} in flight, on a virtual thread: the JDK's
   * poller, then a carrier thread), so when the stand-in's tokens left over 1 ms late on average
   * the generator is not judged to 2 ms. Skipped, loudly.
   */
  static void assumeThreadsWokeOnTime(Kept kept, String test) {
    double late = kept.meanLateMs();
    if (late > 1) {
      System.err.printf(
          "SKIPPED: LoadGeneratorIT.%s: the stand-in woke %.2f ms late on average%n", test, late);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        late <= 1, "the stand-in woke " + late + " ms late on average: timing not judged");
  }

  private LoadGenerator generator(SseStandIn server, Api api, Slo slo) {
    return new LoadGenerator(
        new StreamingRequest(client, server.url(), api, null), workload(api), slo, 1);
  }

  private static Workload workload(Api api) {
    return new Workload(api, "stand-in", Prompts.synthetic(8, 12, 7), 10, true);
  }
}
