package io.aimengine.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchMetricsTest {
  private static final long MS = 1_000_000;

  /** Two requests, hand-computed as vLLM's calculate_metrics would. */
  private static final List<RequestOutcome> RUN =
      List.of(
          // ttft 100, chunks at 100, 120, 150 → itl 20, 30; latency 150; 5 tokens by usage
          RequestOutcome.ok(0, 100 * MS, new long[] {20 * MS, 30 * MS}, 150 * MS, 10, 5),
          // ttft 200, one chunk, latency 200, 1 token: no TPOT sample, TPOT 0 for goodput
          RequestOutcome.ok(10 * MS, 200 * MS, new long[0], 200 * MS, 12, 1),
          RequestOutcome.failed(20 * MS, 5 * MS, RequestError.http(503, "Service Unavailable")),
          RequestOutcome.failed(30 * MS, 5 * MS, new RequestError("timeout", "read timed out")),
          RequestOutcome.failed(40 * MS, 5 * MS, RequestError.http(503, "Service Unavailable")));

  @Test
  void metricsFollowVllmDefinitions() {
    BenchMetrics m = BenchMetrics.of(RUN, 2_000 * MS, Slo.NONE);
    assertThat(m.completed()).isEqualTo(2);
    assertThat(m.failed()).isEqualTo(3);
    assertThat(m.totalInputTokens()).isEqualTo(22);
    assertThat(m.totalOutputTokens()).isEqualTo(6);
    assertThat(m.requestThroughput()).isCloseTo(1.0, within(1e-12));
    assertThat(m.outputThroughput()).isCloseTo(3.0, within(1e-12));
    assertThat(m.totalTokenThroughput()).isCloseTo(14.0, within(1e-12));
    assertThat(m.ttftMs().mean()).isCloseTo(150, within(1e-9));
    // TPOT excludes the first token: (150 − 100) / (5 − 1); the 1-token request has none.
    assertThat(m.tpotMs().count()).isEqualTo(1);
    assertThat(m.tpotMs().mean()).isCloseTo(12.5, within(1e-9));
    assertThat(m.itlMs().count()).isEqualTo(2);
    assertThat(m.itlMs().median()).isCloseTo(25, within(1e-9));
    assertThat(m.itlMs().p99()).isCloseTo(29.9, within(1e-9));
    assertThat(m.e2elMs().p90()).isCloseTo(195, within(1e-9));
    assertThat(m.errors()).isEqualTo(Map.of("http_503", 2, "timeout", 1));
    assertThat(m.requestGoodput()).isZero();
  }

  @Test
  void goodputCountsRequestsWithinEveryObjective() {
    BenchMetrics ttft =
        BenchMetrics.of(RUN, 2_000 * MS, Slo.parse("--goodput", List.of("ttft:150")));
    assertThat(ttft.requestGoodput()).isCloseTo(0.5, within(1e-12));
    // The 1-token request has TPOT 0, so it meets any TPOT objective; the other has 12.5.
    BenchMetrics tpot =
        BenchMetrics.of(RUN, 2_000 * MS, Slo.parse("--goodput", List.of("tpot:12")));
    assertThat(tpot.requestGoodput()).isCloseTo(0.5, within(1e-12));
    BenchMetrics both =
        BenchMetrics.of(RUN, 1_000 * MS, Slo.parse("--goodput", List.of("ttft:500", "e2el:200")));
    assertThat(both.requestGoodput()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void withoutUsageOutputTokensAreTheTokenBearingChunks() {
    RequestOutcome o = RequestOutcome.ok(0, 10 * MS, new long[] {MS, MS, MS}, 13 * MS, 3, 0);
    assertThat(BenchMetrics.of(List.of(o), 1_000 * MS, Slo.NONE).totalOutputTokens()).isEqualTo(4);
  }

  @Test
  void noSuccessfulRequestGivesZeroesNotErrors() {
    BenchMetrics m =
        BenchMetrics.of(
            List.of(RequestOutcome.failed(0, 1, new RequestError("connection", "refused"))),
            MS,
            Slo.NONE);
    assertThat(m.completed()).isZero();
    assertThat(m.ttftMs().mean()).isZero();
    assertThat(m.errors()).containsEntry("connection", 1);
  }
}
