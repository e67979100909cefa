import io.aimengine.core.bench.Arrivals;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.Percentiles;
import io.aimengine.core.bench.RequestOutcome;
import io.aimengine.core.bench.Slo;
import io.aimengine.runtime.bench.Api;
import io.aimengine.runtime.bench.BenchHttp;
import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.bench.LoadGenerator;
import io.aimengine.runtime.bench.Progress;
import io.aimengine.runtime.bench.Prompts;
import io.aimengine.runtime.bench.RunResult;
import io.aimengine.runtime.bench.Stop;
import io.aimengine.runtime.bench.StreamingRequest;
import io.aimengine.runtime.bench.Workload;
import io.aimengine.testsupport.SseStandIn;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load generator's own cost: against a stand-in that streams TOKENS tokens with no delay, (1)
 * the most streamed requests per second a closed loop of CONCURRENCY clients sustains, and (2) an
 * open loop at RATE requests/s (Poisson, as vLLM): the achieved rate, how late requests left
 * against their schedule, and the end-to-end latency, which against an instant server is the
 * whole added latency (generator + stand-in + loopback). Usage: BenchOverhead SECONDS CONCURRENCY
 * RATE TOKENS.
 */
public class BenchOverhead {
  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    int concurrency = Integer.parseInt(args[1]);
    double rate = Double.parseDouble(args[2]);
    int tokens = Integer.parseInt(args[3]);
    try (SseStandIn server = SseStandIn.instant(tokens)) {
      var client = BenchHttp.create(Math.max(concurrency, 256), Duration.ofSeconds(30));
      var sender = new StreamingRequest(client, server.url(), Api.CHAT, null);
      var workload = new Workload(Api.CHAT, "stand-in", Prompts.synthetic(256, 32, 1), tokens, true);
      var gen = new LoadGenerator(sender, workload, Slo.NONE, 1);
      // Warm-up: JIT, connections.
      gen.run(new Load.Concurrency(concurrency), Stop.after(Duration.ofSeconds(3)), Progress.NONE);

      RunResult closed =
          gen.run(new Load.Concurrency(concurrency), Stop.after(Duration.ofSeconds(seconds)), Progress.NONE);
      BenchMetrics m = closed.metrics();
      System.out.printf(
          "closed loop, concurrency %d, %d tokens/request, %d s: %.0f streamed requests/s"
              + " (%d ok, %d failed); e2e latency p50 %.3f ms, p99 %.3f ms%n",
          concurrency, tokens, seconds, m.requestThroughput(), m.completed(), m.failed(),
          m.e2elMs().median(), m.e2elMs().p99());

      int n = (int) Math.round(rate * seconds);
      RunResult open = gen.run(new Load.Rate(rate, 1.0, 0), Stop.after(n), Progress.NONE);
      long[] due = Arrivals.offsets(n, rate, 1.0, new SplittableRandom(1));
      List<RequestOutcome> o = open.outcomes(); // sorted by send time
      double[] late = new double[o.size()];
      for (int i = 0; i < late.length; i++) {
        late[i] = Math.max(0, o.get(i).startNanos() - due[i]) / 1e6;
      }
      Percentiles lateness = Percentiles.of(late);
      BenchMetrics r = open.metrics();
      System.out.printf(
          "open loop, Poisson %.0f requests/s, %d requests: achieved %.0f requests/s (%d ok, %d"
              + " failed); send lateness p50 %.3f ms, p99 %.3f ms; e2e latency p50 %.3f ms,"
              + " p99 %.3f ms; added latency p99 (lateness + e2e) %.3f ms%n",
          rate, n, r.requestThroughput(), r.completed(), r.failed(), lateness.median(),
          lateness.at(99), r.e2elMs().median(), r.e2elMs().p99(), addedP99(o, due));
      BenchHttp.close(client);
    }
  }

  /** p99 over requests of (how late it left + its end-to-end latency). */
  static double addedP99(List<RequestOutcome> o, long[] due) {
    double[] a = new double[o.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (Math.max(0, o.get(i).startNanos() - due[i]) + o.get(i).latencyNanos()) / 1e6;
    }
    return Percentiles.of(a).at(99);
  }
}
