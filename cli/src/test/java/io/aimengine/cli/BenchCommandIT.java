package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.testsupport.SseStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench URL} and {@code bench compare} against a scripted streaming stand-in. */
class BenchCommandIT {
  @TempDir Path dir;

  CliRun run(String... args) {
    return CliRun.run(Map.of("AIM_HOME", dir.resolve("home").toString()), dir, args);
  }

  @Test
  void sweepPrintsATableSavesTheResultAndWritesAReportWhoseChartsRender() throws Exception {
    try (SseStandIn server = SseStandIn.scripted(20, 5, 5, 5)) {
      Path report = dir.resolve("out/report.html");
      CliRun r =
          run(
              "bench",
              server.url(),
              "--concurrency",
              "1,4",
              "--requests",
              "8",
              "--input-tokens",
              "16",
              "--output-tokens",
              "4",
              "--goodput",
              "ttft:1000",
              "--report",
              report.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("Benchmark of " + server.url() + ", model stand-in")
          .contains("CONCURRENCY")
          .contains("GOODPUT")
          .containsPattern("(?m)^4 +8 +0 ")
          .contains("Saved as ");
      Path saved;
      try (var s = Files.list(dir.resolve("home/bench"))) {
        saved = s.findFirst().orElseThrow();
      }
      JsonNode j = StandIn.json(Files.readString(saved));
      assertThat(j.at("/runs/1/max_concurrency").asInt()).isEqualTo(4);
      assertThat(j.at("/runs/1/completed").asInt()).isEqualTo(8);
      assertThat(j.at("/runs/1/total_output_tokens").asInt()).isEqualTo(32);
      assertThat(j.at("/runs/0/median_ttft_ms").asDouble()).isBetween(19.0, 60.0);

      String dom = HeadlessChromium.dumpDom(report, dir.resolve("chromium"));
      assertThat(dom).contains("data-charts=\"6\"");
      assertThat(dom.split("<canvas", -1)).hasSize(7);
    }
  }

  @Test
  void jsonAndCompareOfTwoRuns() throws Exception {
    try (SseStandIn fast = SseStandIn.scripted(5, 2);
        SseStandIn slow = SseStandIn.scripted(400, 2)) {
      CliRun a = run("bench", fast.url(), "--requests", "4", "--json", "--api", "completions");
      assertThat(a.code()).as(a.err()).isZero();
      JsonNode ja = StandIn.json(a.out());
      assertThat(ja.at("/workload/api").asText()).isEqualTo("completions");
      assertThat(ja.at("/runs/0/completed").asInt()).isEqualTo(4);
      CliRun b = run("bench", slow.url(), "--requests", "4", "--json", "--api", "completions");
      JsonNode jb = StandIn.json(b.out());

      CliRun c = run("bench", "compare", ja.path("id").asText(), jb.path("id").asText());
      assertThat(c.code()).as(c.err()).isZero();
      assertThat(c.out()).containsPattern("concurrency 1 +mean_ttft_ms .* a\\s");

      CliRun cj = run("bench", "compare", ja.path("id").asText(), jb.path("id").asText(), "--json");
      JsonNode rows = StandIn.json(cj.out()).path("rows");
      JsonNode ttft = null;
      for (JsonNode row : rows) {
        if (row.path("metric").asText().equals("median_ttft_ms")) {
          ttft = row;
        }
      }
      assertThat(ttft).isNotNull();
      assertThat(ttft.path("b").asDouble()).isGreaterThan(ttft.path("a").asDouble());
      assertThat(ttft.path("better").asText()).isEqualTo("a");
    }
  }

  @Test
  void badInputIsExitTwoWithOneLine() {
    CliRun both = run("bench", "http://127.0.0.1:9", "--concurrency", "2", "--rate", "3");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--concurrency and --rate").doesNotContain("Exception");
    CliRun slo = run("bench", "http://127.0.0.1:9", "--goodput", "itl:5");
    assertThat(slo.code()).isEqualTo(2);
    assertThat(slo.err()).contains("--goodput 'itl:5'");
    CliRun none = run("bench", "no-such-endpoint");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no endpoint named 'no-such-endpoint'");
  }

  @Test
  void anEndpointThatRefusesFailsWithExitOne() throws Exception {
    int port = StandIn.freePort();
    CliRun r = run("bench", "http://127.0.0.1:" + port, "--model", "m", "--requests", "2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("the first request failed (connection)");
  }
}
