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
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load generator's own cost: against a stand-in that streams TOKENS tokens with no delay, (1)
 * the most streamed requests per second a closed loop of CONCURRENCY clients sustains, and (2) an
 * open loop at RATE requests/s (Poisson, as vLLM): the achieved rate and the added latency.
 *
 * <p>Added latency, per request of the open loop: how late it left against its scheduled send time
 * (send lateness: the generator's scheduler) plus its end-to-end latency as the generator measured
 * it (send → last token). Against a stand-in that answers instantly that is the generator's own
 * contribution plus the stand-in's and loopback's, so an upper bound on the generator's: the
 * stand-in's own time (request read → last token written) is printed beside it. CPU time (user +
 * sys of this JVM, which runs both the generator and the stand-in), heap allocation and wake-ups
 * are printed per phase and request, since wall-clock figures on a shared machine are noise.
 * Usage: BenchOverhead SECONDS CONCURRENCY RATE TOKENS.
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
      // Warm-up as bench does it (its own path until the JIT is quiet), then the connections.
      gen.warmOwnPath(400);
      gen.run(new Load.Concurrency(concurrency), Stop.after(Duration.ofSeconds(3)), Progress.NONE);

      Phase p = Phase.start();
      RunResult closed =
          gen.run(new Load.Concurrency(concurrency), Stop.after(Duration.ofSeconds(seconds)), Progress.NONE);
      BenchMetrics m = closed.metrics();
      System.out.printf(
          "closed loop, concurrency %d, %d tokens/request, %d s: %.0f streamed requests/s"
              + " (%d ok, %d failed); e2e latency p50 %.3f ms, p99 %.3f ms; %s%n",
          concurrency, tokens, seconds, m.requestThroughput(), m.completed(), m.failed(),
          m.e2elMs().median(), m.e2elMs().p99(), p.end(m.completed() + m.failed()));

      int n = (int) Math.round(rate * seconds);
      int before = server.sent().size();
      p = Phase.start();
      RunResult open = gen.run(new Load.Rate(rate, 1.0, 0), Stop.after(n), Progress.NONE);
      String cost = p.end(n);
      List<SseStandIn.Sent> sent = server.awaitSent(before + n).subList(before, before + n);
      long[] due = Arrivals.offsets(n, rate, 1.0, new SplittableRandom(1));
      List<RequestOutcome> o = open.outcomes(); // sorted by send time
      double[] late = new double[o.size()];
      double[] added = new double[o.size()];
      for (int i = 0; i < late.length; i++) {
        long lateNanos = Math.max(0, o.get(i).startNanos() - due[i]);
        late[i] = lateNanos / 1e6;
        added[i] = (lateNanos + o.get(i).latencyNanos()) / 1e6;
      }
      double[] own = new double[sent.size()];
      for (int i = 0; i < own.length; i++) {
        own[i] = sent.get(i).latencyNanos() / 1e6;
      }
      Percentiles lateness = Percentiles.of(late);
      Percentiles add = Percentiles.of(added);
      Percentiles standIn = Percentiles.of(own);
      BenchMetrics r = open.metrics();
      System.out.printf(
          "open loop, Poisson %.0f requests/s, %d requests: achieved %.0f requests/s (%d ok, %d"
              + " failed); send lateness p50 %.3f ms, p99 %.3f ms; e2e latency p50 %.3f ms,"
              + " p99 %.3f ms; added latency (lateness + e2e) p50 %.3f ms, p99 %.3f ms; the"
              + " stand-in's own time p50 %.3f ms, p99 %.3f ms; %s%n",
          rate, n, r.requestThroughput(), r.completed(), r.failed(), lateness.median(),
          lateness.at(99), r.e2elMs().median(), r.e2elMs().p99(), add.median(), add.at(99),
          standIn.median(), standIn.at(99), cost);
      BenchHttp.close(client);
    }
  }

  /**
   * CPU time, heap allocation, thread switches and garbage collections of this JVM over one phase.
   * Allocation is what sets how often the collector pauses everything (and a request due during a
   * pause leaves late); voluntary thread switches (summed over this JVM's threads, from /proc; -1
   * where there is none) count the wake-ups a request costs. Involuntary ones (preemptions) are
   * left out: they count the other processes on the machine more than this one.
   */
  record Phase(long wall, long cpuAt, long allocAt, long switchesAt, long gcs, long gcMillis) {
    static Phase start() {
      return new Phase(System.nanoTime(), cpu(), allocated(), switches(), gcCount(), gcTime());
    }

    String end(int requests) {
      double cpuMs = (cpu() - cpuAt) / 1e6;
      double wallS = (System.nanoTime() - wall) / 1e9;
      int n = Math.max(1, requests);
      long sw = switches();
      return String.format(
          "CPU %.1f s in %.1f s wall (%.0f µs per request, generator and stand-in together),"
              + " %.1f KB allocated per request, %.1f wake-ups (voluntary thread switches) per"
              + " request, %d GCs %d ms",
          cpuMs / 1e3, wallS, cpuMs * 1e3 / n, (allocated() - allocAt) / 1e3 / n,
          sw < 0 || switchesAt < 0 ? -1.0 : (sw - switchesAt) / (double) n, gcCount() - gcs,
          gcTime() - gcMillis);
    }

    static long cpu() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    static long allocated() {
      return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
          .getTotalThreadAllocatedBytes();
    }

    /** Context switches of this JVM's live threads so far; -1 without /proc. */
    static long switches() {
      try (var tasks = Files.list(Path.of("/proc/self/task"))) {
        long sum = 0;
        for (Path t : tasks.toList()) {
          try {
            for (String line : Files.readAllLines(t.resolve("status"))) {
              if (line.startsWith("voluntary_ctxt_switches:")) {
                sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
              }
            }
          } catch (IOException e) {
            // the thread ended meanwhile
          }
        }
        return sum;
      } catch (IOException e) {
        return -1;
      }
    }

    static long gcCount() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    static long gcTime() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
  }
}
