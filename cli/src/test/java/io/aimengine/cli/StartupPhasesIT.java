package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up phases (pull, load, warm-up, ready) as {@code launch} prints them with elapsed time,
 * {@code status} shows them for a starting endpoint, and {@code serve --json} emits them as JSON
 * lines; {@link FakeEngine} stands in for vLLM.
 */
class StartupPhasesIT {
  @TempDir Path dir;
  Path home;
  Path catalog;

  @BeforeEach
  void setUp() {
    home = dir.resolve("home");
    catalog = StandIn.catalog(dir.resolve("catalog"));
  }

  @AfterEach
  void stopEverything() {
    if (Files.exists(home.resolve("state.db"))) {
      cli("ok", "stop", "--all", "--timeout", "5s");
    }
  }

  private CliRun cli(String mode, String... args) {
    Map<String, String> env = StandIn.env(home, catalog, mode);
    env.put("FAKE_LOAD_MS", "1500");
    return CliRun.run(env, dir, args);
  }

  @Test
  void launchPrintsEachPhaseWithTheTimeSinceItBegan() {
    String port = String.valueOf(StandIn.freePort());
    CliRun r = cli("ok", "launch", "Qwen/Qwen3-8B", "1", "--detach", "--port", port);

    assertThat(r.code()).as(r.err()).isZero();
    List<String> phases = new ArrayList<>();
    for (String line : r.err().lines().toList()) {
      assertThat(line).matches("aim-engine: \\[\\d+\\.\\d s\\] .*");
      String what = line.replaceFirst("aim-engine: \\[\\d+\\.\\d s\\] ", "");
      for (String p : List.of("pull:", "load:", "warm-up:", "ready:")) {
        if (what.startsWith(p)) {
          phases.add(p);
        }
      }
    }
    assertThat(phases).containsExactly("pull:", "load:", "warm-up:", "ready:");
    assertThat(r.err()).contains("load: loading the model: waiting up to");
    assertThat(r.err()).contains("warm-up: healthy after");
  }

  @Test
  void statusShowsThePhaseOfAStartingEndpoint() {
    String port = String.valueOf(StandIn.freePort());
    CompletableFuture<CliRun> launch =
        CompletableFuture.supplyAsync(
            () ->
                cli(
                    "never-healthy",
                    "launch",
                    "Qwen/Qwen3-8B",
                    "1",
                    "--detach",
                    "--name",
                    "slow",
                    "--port",
                    port,
                    "--timeout",
                    "60s"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              CliRun s = cli("ok", "status", "slow", "--json");
              assertThat(s.code()).as(s.err()).isZero();
              JsonNode phase = StandIn.json(s.out()).get("phase");
              assertThat(phase.isObject()).as(s.out()).isTrue();
              assertThat(phase.get("name").asText()).isEqualTo("load");
              assertThat(phase.get("message").asText()).startsWith("loading the model");
            });
    CliRun text = cli("ok", "status", "slow");
    assertThat(text.out()).containsPattern("phase +load for \\d+s \\(loading the model");
    // Not answering while it loads is expected, not a fault: no alarm word for it.
    assertThat(text.out()).doesNotContain("UNHEALTHY").containsPattern("health +not ready yet \\(");

    assertThat(cli("ok", "stop", "slow").code()).isZero();
    assertThat(launch.join().code()).isEqualTo(3);
    assertThat(StandIn.json(cli("ok", "status", "slow", "--json").out()).get("phase").isNull())
        .isTrue();
  }

  @Test
  void serveJsonPrintsStartUpEventsAsJsonLines() {
    String port = String.valueOf(StandIn.freePort());
    CompletableFuture<CliRun> serve =
        CompletableFuture.supplyAsync(
            () ->
                cli("ok", "serve", "Qwen/Qwen3-8B", "1", "--name", "fg", "--port", port, "--json"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              CliRun s = cli("ok", "status", "fg", "--json");
              return s.code() == 0 && StandIn.json(s.out()).get("state").asText().equals("ready");
            });
    assertThat(cli("ok", "stop", "fg").code()).isZero();
    CliRun r = serve.join();

    List<JsonNode> events = r.out().lines().map(StandIn::json).toList();
    List<String> kinds = new ArrayList<>();
    for (JsonNode e : events) {
      assertThat(e.get("at").asText()).isNotBlank();
      assertThat(e.get("elapsed_s").isNumber()).isTrue();
      kinds.add(e.get("event").asText() + (e.has("phase") ? " " + e.get("phase").asText() : ""));
    }
    assertThat(kinds)
        .containsSubsequence("phase pull", "phase load", "phase warm-up", "ready", "exited");
    JsonNode ready =
        events.stream()
            .filter(e -> e.get("event").asText().equals("ready"))
            .findFirst()
            .orElseThrow();
    assertThat(ready.get("endpoint").get("name").asText()).isEqualTo("fg");
    assertThat(ready.get("endpoint").get("state").asText()).isEqualTo("ready");
    assertThat(events.getLast().get("exit_code").asInt()).isEqualTo(r.code());
  }
}
