package io.aimengine.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.RequestError;
import io.aimengine.core.bench.RequestOutcome;
import io.aimengine.core.bench.Slo;
import io.aimengine.core.catalog.Metric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What tune optimises, what disqualifies a configuration, and when one is dropped early. */
class ObjectiveTest {
  static final long MS = 1_000_000L;

  @Test
  void throughputLoserIsMoreThanTheMarginBelowTheBest() {
    Objective o = new Objective(Metric.THROUGHPUT, Slo.NONE, 0.2);
    assertThat(o.loser(79, 100)).isPresent();
    assertThat(o.loser(81, 100)).isEmpty();
    assertThat(o.loser(150, 100)).isEmpty();
    assertThat(o.loser(79, 100).get()).contains("output_throughput", "21% below");
  }

  @Test
  void latencyLoserIsMoreThanTheMarginAboveTheBest() {
    Objective o = new Objective(Metric.LATENCY, Slo.NONE, 0.2);
    assertThat(o.loser(121, 100)).isPresent();
    assertThat(o.loser(119, 100)).isEmpty();
    assertThat(o.loser(50, 100)).isEmpty();
    assertThat(o.better(50, 100)).isTrue();
  }

  @Test
  void failedRequestsAndMissedSlosDisqualify() {
    Objective none = new Objective(Metric.THROUGHPUT, Slo.NONE, 0.2);
    assertThat(none.violation(metrics(10, 0, Slo.NONE))).isEmpty();
    assertThat(none.violation(metrics(9, 1, Slo.NONE)).get()).contains("1 of 10 requests failed");
    // 10 requests with TTFT 10..100 ms: 5 of them meet ttft:50, 50% < 90%
    Slo slo = Slo.parse("--goodput", List.of("ttft:50"));
    Objective o = new Objective(Metric.THROUGHPUT, slo, 0.2);
    assertThat(o.violation(metrics(10, 0, slo)).get()).contains("ttft:50 met by 50%");
    Slo loose = Slo.parse("--goodput", List.of("ttft:1000"));
    assertThat(new Objective(Metric.THROUGHPUT, loose, 0.2).violation(metrics(10, 0, loose)))
        .isEmpty();
  }

  @Test
  void theScoreIsTheFigureARecipeRecords() {
    BenchMetrics m = metrics(10, 0, Slo.NONE);
    assertThat(new Objective(Metric.THROUGHPUT, Slo.NONE, 0).score(m))
        .isEqualTo(m.outputThroughput());
    assertThat(new Objective(Metric.LATENCY, Slo.NONE, 0).score(m)).isEqualTo(m.e2elMs().median());
    assertThat(new Objective(Metric.LATENCY, Slo.NONE, 0).figure()).isEqualTo("median_e2el_ms");
  }

  /** {@code ok} requests with TTFT 10, 20, ... ms and 4 output tokens, then {@code failed}. */
  static BenchMetrics metrics(int ok, int failed, Slo slo) {
    List<RequestOutcome> out = new ArrayList<>();
    for (int i = 1; i <= ok; i++) {
      out.add(
          RequestOutcome.ok(
              0, i * 10 * MS, new long[] {10 * MS, 10 * MS, 10 * MS}, (i * 10 + 30) * MS, 16, 4));
    }
    for (int i = 0; i < failed; i++) {
      out.add(RequestOutcome.failed(0, MS, new RequestError("timeout", "timed out")));
    }
    return BenchMetrics.of(out, 1_000 * MS, slo);
  }
}
