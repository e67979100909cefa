package io.aimengine.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.RequestOutcome;
import io.aimengine.core.bench.Slo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchStoreTest {
  @TempDir Path home;

  static BenchResult result(String id, double ttftMs) {
    long ms = 1_000_000;
    RequestOutcome o =
        RequestOutcome.ok(0, (long) (ttftMs * ms), new long[] {10 * ms}, 200 * ms, 8, 2);
    BenchMetrics m = BenchMetrics.of(List.of(o), 1_000 * ms, Slo.NONE);
    return new BenchResult(
        id,
        Instant.parse("2026-12-01T23:00:00Z"),
        new Target(
            "tiny",
            "http://127.0.0.1:9",
            "llamacpp",
            "tiny.gguf",
            "tiny",
            "r1",
            "CPU",
            List.of("x"),
            "{\"recipe\":\"r1\"}"),
        Api.CHAT,
        64,
        16,
        null,
        "ttft:500",
        List.of(
            new RunResult(new Load.Concurrency(1), m, List.of(o), Map.of()),
            new RunResult(new Load.Concurrency(4), m, List.of(o), Map.of())));
  }

  @Test
  void savedResultsLoadByIdPrefixOrEndpointName() throws Exception {
    BenchStore store = new BenchStore(home);
    store.save(result("20261201-230000-tiny", 100));
    Path f = store.save(result("20261201-231000-tiny", 120));
    assertThat(f).hasFileName("20261201-231000-tiny.json");
    assertThat(store.ids()).containsExactly("20261201-230000-tiny", "20261201-231000-tiny");
    assertThat(store.load("20261201-230000").at("/runs/0/mean_ttft_ms").asDouble()).isEqualTo(100);
    // By endpoint name: the newest run.
    assertThat(store.load("tiny").at("/runs/0/mean_ttft_ms").asDouble()).isEqualTo(120);
    assertThat(store.load("tiny").at("/target/plan/recipe").asText()).isEqualTo("r1");
    assertThat(store.load(f.toString()).path("id").asText()).isEqualTo("20261201-231000-tiny");
    try (var s = Files.list(store.dir())) {
      assertThat(s).hasSize(2); // no temporary file left
    }
  }

  @Test
  void anUnknownResultIsInvalidInputNamingWhatIsSaved() {
    BenchStore store = new BenchStore(home);
    store.save(result("20261201-230000-tiny", 100));
    assertThatThrownBy(() -> store.load("nope"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("no saved benchmark 'nope'")
        .hasMessageContaining("20261201-230000-tiny");
  }

  @Test
  void jsonUsesVllmResultKeys() {
    var n = BenchJson.toJson(result("x", 100)).get("runs").get(0);
    for (String k :
        List.of(
            "completed",
            "failed",
            "request_throughput",
            "request_goodput",
            "output_throughput",
            "total_token_throughput",
            "mean_ttft_ms",
            "median_ttft_ms",
            "p99_ttft_ms",
            "p90_ttft_ms",
            "mean_tpot_ms",
            "p99_itl_ms",
            "median_e2el_ms",
            "max_concurrency")) {
      assertThat(n.has(k)).as(k).isTrue();
    }
  }

  @Test
  void theHtmlReportInlinesTheChartLibraryAndTheData() {
    String html = HtmlReport.render(result("x", 100));
    assertThat(html).contains("uPlot").doesNotContain("<script src").doesNotContain("href=\"http");
    assertThat(html).contains("\"mean_ttft_ms\":100.0");
    assertThat(html).contains("<td>100</td>"); // TTFT p50 in the table
  }
}
