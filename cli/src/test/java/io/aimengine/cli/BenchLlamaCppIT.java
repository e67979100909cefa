package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.testsupport.TinyGguf;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on any machine: {@code bench NAME} against the tiny llama.cpp endpoint (AIM Engine's
 * own server) gives the table, the JSON and an HTML report whose charts render in headless
 * Chromium; token counts are the engine's usage and the result carries the endpoint's plan.
 */
class BenchLlamaCppIT {
  @TempDir Path dir;
  Map<String, String> env;

  @AfterEach
  void cleanUp() {
    if (env != null) {
      Launcher.run(env, "stop", "--all", "--timeout", "5s");
    }
  }

  @Test
  void benchOfTheTinyEndpointGivesTableJsonAndReport() throws Exception {
    Path model = TinyGguf.write(dir.resolve("models/tiny.gguf"));
    int port = StandIn.freePort();
    env = Map.of("AIM_HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin");
    CliRun launch =
        Launcher.run(
            env,
            "launch",
            model.toString(),
            "--backend",
            "llamacpp",
            "--detach",
            "--name",
            "tiny",
            "--port",
            String.valueOf(port));
    assertThat(launch.code()).as(launch.err()).isZero();

    Path report = dir.resolve("report.html");
    CliRun table =
        Launcher.run(
            env,
            "bench",
            "tiny",
            "--concurrency",
            "1,2",
            "--requests",
            "4",
            "--input-tokens",
            "16",
            "--output-tokens",
            "8",
            "--report",
            report.toString());
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).contains("Benchmark of tiny (http://127.0.0.1:" + port + ")");
    assertThat(table.out()).containsPattern("(?m)^1 +4 +0 ").containsPattern("(?m)^2 +4 +0 ");

    CliRun json =
        Launcher.run(
            env,
            "bench",
            "tiny",
            "--requests",
            "3",
            "--input-tokens",
            "80",
            "--output-tokens",
            "8",
            "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode j = StandIn.json(json.out());
    assertThat(j.at("/target/engine").asText()).isEqualTo("llamacpp");
    assertThat(j.at("/target/recipe").asText()).isNotBlank();
    assertThat(j.at("/target/plan").isObject()).isTrue();
    JsonNode run = j.at("/runs/0");
    assertThat(run.path("completed").asInt()).isEqualTo(3);
    // Token counts are the engine's usage; prompts were fitted to about 80 tokens (template
    // included) from two probes.
    assertThat(run.path("total_input_tokens").asInt()).isBetween(3 * 70, 3 * 90);
    assertThat(run.path("total_output_tokens").asInt()).isBetween(3, 3 * 8);
    assertThat(run.path("mean_ttft_ms").asDouble()).isPositive();
    assertThat(run.path("request_throughput").asDouble()).isPositive();

    assertThat(report).exists();
    String dom = HeadlessChromium.dumpDom(report, dir.resolve("chromium"));
    assertThat(dom).contains("data-charts=\"6\"");
  }
}
