package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launch failures and faults after launch, with {@link FakeEngine} standing in for vLLM on an
 * assumed 8 × MI300X host (AIM_GPU_MODEL/AIM_GPU_COUNT, AIM_ENGINE_COMMAND_VLLM).
 */
class LaunchFaultsIT {
  static final String MODEL = "Qwen/Qwen3-8B";
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
    return CliRun.run(StandIn.env(home, catalog, mode), dir, args);
  }

  private CliRun cli(Map<String, String> env, String... args) {
    return CliRun.run(env, dir, args);
  }

  private JsonNode list() {
    CliRun r = cli("ok", "list", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return StandIn.json(r.out());
  }

  private JsonNode status(String name) {
    CliRun r = cli("ok", "status", name, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return StandIn.json(r.out());
  }

  @Test
  void anEngineThatExitsWhileLoadingFailsTheLaunchAtOnceWithExitCodeAndLogTail() {
    int port = StandIn.freePort();
    long t0 = System.nanoTime();
    CliRun r =
        cli(
            "exit-during-load",
            "launch",
            MODEL,
            "8",
            "--detach",
            "--port",
            String.valueOf(port),
            "--timeout",
            "10m");
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("the engine exited during start-up (exit code 3)")
        .contains("last ")
        .contains("fake-engine: RuntimeError: HIP out of memory")
        .contains("HIP_VISIBLE_DEVICES=0,1,2,3,4,5,6,7");
    // Failing "at once" means well inside the 10 minute budget: engine start-up is most of it.
    assertThat(tookMs).isLessThan(10_000);
    JsonNode e = list().get(0);
    assertThat(e.path("state").asText()).isEqualTo("failed");
    assertThat(e.path("exit_code").asInt()).isEqualTo(3);
    assertThat(StandIn.portFree(port)).isTrue();
    // Its GPUs are free again: the same 8-GPU launch now succeeds.
    CliRun again = cli("ok", "launch", MODEL, "8", "--detach", "--port", String.valueOf(port));
    assertThat(again.code()).as(again.err()).isZero();
  }

  @Test
  void anEngineThatNeverBecomesHealthyTimesOutAndIsCleanedUp() {
    int port = StandIn.freePort();
    CliRun r =
        cli(
            "never-healthy",
            "launch",
            MODEL,
            "8",
            "--detach",
            "--port",
            String.valueOf(port),
            "--timeout",
            "2s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("not healthy after 2 s (last /health: 503)")
        .contains("stopped it");
    JsonNode e = list().get(0);
    assertThat(e.path("state").asText()).isEqualTo("failed");
    assertThat(e.path("pid").asLong()).isPositive();
    assertThat(StandIn.group(e.path("pid").asLong())).isEmpty();
    assertThat(StandIn.portFree(port)).isTrue();
    assertThat(list().get(0).path("gpus")).hasSize(8);
    assertThat(cli("ok", "launch", MODEL, "8", "--detach", "--port", String.valueOf(port)).code())
        .isZero();
  }

  @Test
  void healthFlappingAfterReadyIsReportedByStatus() throws Exception {
    Path flag = dir.resolve("unhealthy");
    Map<String, String> env = StandIn.env(home, catalog, "flap");
    env.put("FAKE_FLAG_FILE", flag.toString());
    CliRun r = cli(env, "launch", MODEL, "1", "--detach", "--name", "flappy");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(status("flappy").at("/health/healthy").asBoolean()).isTrue();
    Files.writeString(flag, "");
    JsonNode s = status("flappy");
    assertThat(s.at("/health/healthy").asBoolean()).isFalse();
    assertThat(s.at("/health/status").asInt()).isEqualTo(503);
    CliRun human = cli("ok", "status", "flappy");
    assertThat(human.out()).contains("UNHEALTHY (/health → 503");
    Files.delete(flag);
    assertThat(status("flappy").at("/health/healthy").asBoolean()).isTrue();
    // Metrics highlights come from the engine's /metrics, summed over labels.
    assertThat(s.at("/metrics/vllm:num_requests_running").asDouble()).isEqualTo(2.0);
  }

  @Test
  void aHungEngineFailingLivenessIsMarkedUnhealthyAndRestartedUnderOnFailure() throws Exception {
    Path flag = dir.resolve("hung");
    Map<String, String> env = StandIn.env(home, catalog, "flap");
    env.put("FAKE_FLAG_FILE", flag.toString());
    CliRun r =
        cli(
            env,
            "launch",
            MODEL,
            "1",
            "--detach",
            "--name",
            "hung",
            "--restart",
            "on-failure",
            "--liveness-period",
            "1s",
            "--liveness-failures",
            "2",
            "--liveness-timeout",
            "1s");
    assertThat(r.code()).as(r.err()).isZero();
    long first = status("hung").path("engine_pid").asLong();
    Files.writeString(flag, ""); // alive, but /health → 503 from now on
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              JsonNode now = status("hung");
              // restarted: counted, and (after the 1 s back-off) a new engine process
              return now.path("restarts").asInt() >= 1
                  && now.path("engine_pid").asLong() != first
                  && now.path("engine_pid").asLong() > 0;
            });
    JsonNode s = status("hung");
    assertThat(s.path("state").asText()).isEqualTo("unhealthy");
    assertThat(s.path("events").toString()).contains("unhealthy");
    assertThat(s.path("engine_pid").asLong()).isNotEqualTo(first);
    assertThat(StandIn.live(first)).isFalse();
    Files.delete(flag);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> status("hung").path("state").asText().equals("ready"));
    // Still loading after the restart (503) counted as nothing: one restart only.
    assertThat(status("hung").path("restarts").asInt()).isEqualTo(1);
  }

  @Test
  void withoutRestartAHungEngineIsListedUnhealthyUntilItRecovers() throws Exception {
    Path flag = dir.resolve("hung");
    Map<String, String> env = StandIn.env(home, catalog, "flap");
    env.put("FAKE_FLAG_FILE", flag.toString());
    CliRun r =
        cli(
            env,
            "launch",
            MODEL,
            "1",
            "--detach",
            "--name",
            "hung",
            "--liveness-period",
            "1s",
            "--liveness-failures",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    long engine = status("hung").path("engine_pid").asLong();
    Files.writeString(flag, "");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> list().get(0).path("state").asText().equals("unhealthy"));
    assertThat(cli("ok", "list").out()).contains("unhealthy");
    assertThat(status("hung").path("engine_pid").asLong()).isEqualTo(engine);
    assertThat(status("hung").path("restarts").asInt()).isZero();
    Files.delete(flag);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> list().get(0).path("state").asText().equals("ready"));
  }

  @Test
  void anEngineKilledBySomeoneElseShowsAsExitedWithItsExitCode() throws Exception {
    CliRun r = cli("ok", "launch", MODEL, "1", "--detach", "--name", "victim");
    assertThat(r.code()).as(r.err()).isZero();
    long engine = status("victim").path("engine_pid").asLong();
    assertThat(engine).isPositive();
    new ProcessBuilder("kill", "-KILL", String.valueOf(engine)).start().waitFor();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> list().get(0).path("state").asText().equals("exited"));
    JsonNode e = list().get(0);
    assertThat(e.path("exit_code").asInt()).isEqualTo(137);
    assertThat(e.path("last_error").asText()).contains("exit code 137");
    assertThat(e.path("url").asText()).startsWith("http://127.0.0.1:");
    assertThat(StandIn.group(e.path("pid").asLong())).isEmpty();
  }

  @Test
  void twoConcurrentLaunchesOnTheSameGpusLetExactlyOneWin() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<CliRun>> runs =
        List.of(0, 1).stream()
            .map(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return cli("ok", "launch", MODEL, "8", "--detach", "--name", "race-" + i);
                        }))
            .toList();
    go.countDown();
    List<CliRun> done = runs.stream().map(CompletableFuture::join).toList();
    assertThat(done).filteredOn(r -> r.code() == 0).hasSize(1);
    CliRun loser = done.stream().filter(r -> r.code() != 0).findFirst().orElseThrow();
    assertThat(loser.code()).isEqualTo(3);
    assertThat(loser.err()).containsAnyOf("held by endpoint race-", "held by other endpoints");
    assertThat(list()).filteredOn(e -> e.path("state").asText().equals("ready")).hasSize(1);
  }

  @Test
  void onFailureRestartsACrashedEngineAndGivesUpAfterTooManyCrashes() {
    CliRun r =
        cli(
            "crash-after-ready",
            "launch",
            MODEL,
            "1",
            "--detach",
            "--name",
            "crashy",
            "--restart",
            "on-failure",
            "--max-restarts",
            "1",
            "--restart-window",
            "10m");
    assertThat(r.code()).as(r.err()).isZero();
    // The stand-in crashes after each first completion: the smoke completion caused crash 1
    // (restart after 1 s); a completion to the restarted engine causes crash 2, more than
    // --max-restarts 1 in the window, so the breaker opens.
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              JsonNode s = status("crashy");
              if (s.at("/health/healthy").asBoolean()) {
                try {
                  http.send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(s.path("url").asText() + "/v1/completions"))
                          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException ignored) {
                  // it may be going down already
                }
              }
              return s.path("state").asText().equals("exited");
            });
    JsonNode e = status("crashy");
    assertThat(e.path("restarts").asInt()).isEqualTo(1);
    assertThat(e.path("exit_code").asInt()).isEqualTo(1);
    assertThat(e.path("last_error").asText()).startsWith("restart policy gave up");
    assertThat(e.path("events").toString())
        .contains("restart")
        .contains("exit=1 attempt=1 delay=1s");
  }

  @Test
  void anOfflineEngineGetsThePlanAndTheAllowListButNoTokenHubOrOtherVariables() throws Exception {
    Map<String, String> env = StandIn.env(home, catalog, "ok");
    env.put("HF_TOKEN", "hf_secret_do_not_pass");
    env.put("HUGGING_FACE_HUB_TOKEN", "hf_legacy_secret");
    env.put("HF_ENDPOINT", "http://127.0.0.1:9");
    env.put("https_proxy", "http://user:pw@proxy:3128");
    env.put("AWS_SECRET_ACCESS_KEY", "aws-secret");
    env.put("HOME", dir.toString());
    env.put("HSA_OVERRIDE_GFX_VERSION", "9.4.2");
    env.put("NCCL_DEBUG", "INFO");
    CliRun r = cli(env, "launch", MODEL, "1", "--detach", "--name", "envcheck");
    assertThat(r.code()).as(r.err()).isZero();
    String log = Files.readString(home.resolve("logs/envcheck.log"));
    String names =
        log.lines().filter(l -> l.startsWith("fake-engine: env names ")).findFirst().orElseThrow();
    assertThat(names)
        .contains("PATH", "HOME", "HSA_OVERRIDE_GFX_VERSION", "NCCL_DEBUG", "FAKE_MODE")
        .contains("HF_HUB_OFFLINE", "HF_HOME", "HIP_VISIBLE_DEVICES")
        .doesNotContain("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "https_proxy")
        .doesNotContain("AWS_SECRET_ACCESS_KEY", "AIM_HOME", "AIM_GPU_MODEL");
    assertThat(log).doesNotContain("hf_secret_do_not_pass").doesNotContain("aws-secret");
  }

  @Test
  void afterStateDbIsDeletedARunningEngineKeepsItsGpusNameAndRunDirectory() throws Exception {
    int port = StandIn.freePort();
    CliRun first =
        cli("ok", "launch", MODEL, "8", "--detach", "--name", "keeper", "--port", "" + port);
    assertThat(first.code()).as(first.err()).isZero();
    long pgid = list().get(0).path("pid").asLong();
    for (String f : List.of("state.db", "state.db-wal", "state.db-shm")) {
      Files.deleteIfExists(home.resolve(f));
    }

    CliRun second = cli("ok", "launch", MODEL, "8", "--detach", "--name", "keeper");
    assertThat(second.code()).as(second.err()).isEqualTo(3);
    assertThat(second.err()).contains("keeper");
    CliRun third = cli("ok", "launch", MODEL, "1", "--detach");
    assertThat(third.code()).as(third.err()).isEqualTo(3);
    JsonNode e = list().get(0);
    assertThat(e.path("name").asText()).isEqualTo("keeper");
    assertThat(e.path("state").asText()).isEqualTo("ready");
    assertThat(e.path("pid").asLong()).isEqualTo(pgid);
    assertThat(StandIn.group(pgid)).isNotEmpty();

    assertThat(cli("ok", "stop", "keeper").code()).isZero();
    assertThat(StandIn.group(pgid)).isEmpty();
    assertThat(StandIn.portFree(port)).isTrue();
  }

  @Test
  void stoppingAnUnknownNameIsNotFound() {
    CliRun r = cli("ok", "stop", "no-such-endpoint");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("no endpoint named 'no-such-endpoint'");
    assertThat(cli("ok", "status", "no-such-endpoint").code()).isEqualTo(3);
    assertThat(cli("ok", "logs", "no-such-endpoint").code()).isEqualTo(3);
  }

  @Test
  void gpusShowsWhichEndpointHoldsEachGpuUntilItStops() {
    assertThat(cli("ok", "launch", MODEL, "2", "--detach", "--name", "holder").code()).isZero();

    JsonNode held = StandIn.json(cli("ok", "gpus", "--json").out()).get("gpus");
    assertThat(held.get(0).get("held_by").asText()).isEqualTo("holder");
    assertThat(held.get(1).get("held_by").asText()).isEqualTo("holder");
    assertThat(held.get(2).get("held_by").isNull()).isTrue();

    assertThat(cli("ok", "stop", "holder").code()).isZero();
    JsonNode free = StandIn.json(cli("ok", "gpus", "--json").out()).get("gpus");
    assertThat(free.get(0).get("held_by").isNull()).isTrue();
  }

  @Test
  void stopIsIdempotentAndLogsShowTheEngineOutput() {
    assertThat(cli("ok", "launch", MODEL, "1", "--detach", "--name", "once").code()).isZero();
    CliRun logs = cli("ok", "logs", "once", "--tail", "5");
    assertThat(logs.out()).contains("fake-engine: listening on");
    CliRun first = cli("ok", "stop", "once");
    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("stopped once (SIGTERM");
    CliRun second = cli("ok", "stop", "once");
    assertThat(second.code()).isZero();
    assertThat(second.out()).contains("once is stopped");
  }

  @Test
  void aCorruptStateDatabaseIsAClearErrorNamingTheFile() throws Exception {
    Files.createDirectories(home);
    Path db = home.resolve("state.db");
    byte[] data = "precious user data, not a database ".repeat(100).getBytes();
    Files.write(db, data);
    CliRun r = cli("ok", "list");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains(db.toString())
        .contains("not a readable AIM Engine state database");
    assertThat(Files.readAllBytes(db)).isEqualTo(data);
    Files.delete(db);
  }

  @Test
  void aPortInUseIsDetectedBeforeLaunch() throws Exception {
    try (var s = new java.net.ServerSocket(0)) {
      CliRun r =
          cli("ok", "launch", MODEL, "1", "--detach", "--port", String.valueOf(s.getLocalPort()));
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).contains("port " + s.getLocalPort() + " is in use by another process");
    }
    assertThat(Files.exists(home.resolve("logs"))).isFalse();
  }

  @Test
  void dryRunPrintsThePlanAndStartsNothing() {
    CliRun r = cli("ok", "launch", MODEL, "1", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Plan for " + MODEL).contains("FakeEngine serve " + MODEL);
    assertThat(list()).isEmpty();
  }
}
