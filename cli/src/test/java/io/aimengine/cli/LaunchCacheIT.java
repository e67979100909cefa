package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.testsupport.HubServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch} and the model cache, with the {@link FakeEngine} as vLLM (it resolves its model
 * offline from HF_HUB_CACHE as vLLM does, and exits when it cannot) and a hub test server: a
 * missing model is pulled before the engine starts; a cached one launches with no request to the
 * Hub at all; offline with a model missing, nothing starts.
 */
class LaunchCacheIT {
  static final String MODEL = "Qwen/Qwen3-8B";

  @TempDir Path dir;
  HubServer hub;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    hub = HubServer.start();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("config.json", "{\"model_type\":\"qwen3\"}".getBytes(StandardCharsets.UTF_8));
    files.put("tokenizer.json", HubServer.bytes(2000, 1));
    files.put("model.safetensors", HubServer.bytes(300_000, 2));
    files.put("original/consolidated.pth", HubServer.bytes(1000, 3));
    hub.addRepo(MODEL, files);
    env =
        new HashMap<>(
            StandIn.env(dir.resolve("home"), StandIn.catalog(dir.resolve("catalog")), "ok"));
    env.put("AIM_CACHE_DIR", dir.resolve("cache").toString());
    env.put("HF_ENDPOINT", hub.endpoint());
  }

  @AfterEach
  void stop() {
    if (Files.exists(dir.resolve("home/state.db"))) {
      CliRun.run(env, dir, "stop", "--all", "--timeout", "5s");
    }
    hub.close();
  }

  private String engineLog(String name) throws Exception {
    return Files.readString(dir.resolve("home/logs/" + name + ".log"));
  }

  @Test
  void launchPullsAMissingModelThenACachedOneStartsWithoutAnyHubRequest() throws Exception {
    CliRun first = CliRun.run(env, dir, "launch", MODEL, "1", "--detach", "--name", "one");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).contains("] pulled " + MODEL);
    assertThat(hub.contentBytesSent()).isPositive();
    Path snapshot =
        Files.list(dir.resolve("cache/hub/models--Qwen--Qwen3-8B/snapshots"))
            .findFirst()
            .orElseThrow();
    assertThat(engineLog("one"))
        .contains("HF_HOME=" + dir.resolve("cache"))
        .contains("HF_HUB_OFFLINE=1")
        .contains("fake-engine: offline weights " + snapshot);
    assertThat(CliRun.run(env, dir, "stop", "one").code()).isZero();

    hub.resetCounters();
    CliRun second = CliRun.run(env, dir, "launch", MODEL, "1", "--detach", "--name", "two");

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).contains("] weights of " + MODEL + " are cached");
    assertThat(hub.requestCount()).isZero();
    assertThat(engineLog("two")).contains("fake-engine: offline weights " + snapshot);
  }

  @Test
  void launchAtARevisionPullsThatRevisionAndTheTokenizerRepoTheArgumentsName() throws Exception {
    Map<String, byte[]> v2 = new LinkedHashMap<>();
    v2.put("config.json", "{\"model_type\":\"qwen3\",\"v\":2}".getBytes(StandardCharsets.UTF_8));
    v2.put("model.safetensors", HubServer.bytes(200_000, 7));
    String v2Commit = "2222222222222222222222222222222222222222";
    hub.addCommit(MODEL, v2Commit, v2);
    hub.setRef(MODEL, "v2", v2Commit);
    Map<String, byte[]> tok = new LinkedHashMap<>();
    tok.put("config.json", "{}".getBytes(StandardCharsets.UTF_8));
    tok.put("tokenizer.json", HubServer.bytes(3000, 8));
    hub.addRepo("acme/tokenizer", tok);

    CliRun r =
        CliRun.run(
            env,
            dir,
            "launch",
            MODEL,
            "1",
            "--revision",
            "v2",
            "--arg",
            "tokenizer=acme/tokenizer",
            "--detach",
            "--name",
            "rev");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("] pulled " + MODEL).contains("] pulled tokenizer acme/tokenizer");
    Path cache = dir.resolve("cache/hub");
    assertThat(cache.resolve("models--Qwen--Qwen3-8B/refs/v2")).hasContent(v2Commit);
    assertThat(cache.resolve("models--Qwen--Qwen3-8B/refs/main")).doesNotExist();
    assertThat(cache.resolve("models--acme--tokenizer/refs/main")).exists();
    assertThat(engineLog("rev"))
        .contains("--revision v2")
        .contains(
            "fake-engine: offline weights "
                + cache.resolve("models--Qwen--Qwen3-8B/snapshots/" + v2Commit))
        .contains(
            "fake-engine: offline tokenizer " + cache.resolve("models--acme--tokenizer/snapshots"));
  }

  @Test
  void aQuickCompilerLaunchHandsTheDownloadToAChildJvmAndStillStartsOffline() throws Exception {
    System.setProperty("aim.quickJit", "true");
    try {
      CliRun r =
          CliRun.run(env, dir, "launch", MODEL, "1", "--detach", "--name", "child", "--json");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(StandIn.json(r.out()).get("name").asText()).isEqualTo("child");
      assertThat(hub.contentBytesSent()).isPositive();
      // The download ran in another JVM, which has ended.
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("pulling " + MODEL + " in a child JVM \\(pid (\\d+)\\)")
              .matcher(r.err());
      assertThat(m.find()).as(r.err()).isTrue();
      long child = Long.parseLong(m.group(1));
      assertThat(child).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(StandIn.live(child)).isFalse();
      assertThat(r.err()).doesNotContain("] pulled " + MODEL);
      assertThat(engineLog("child"))
          .contains("HF_HUB_OFFLINE=1")
          .contains("fake-engine: offline weights ");
    } finally {
      System.clearProperty("aim.quickJit");
    }
  }

  @Test
  void aLaunchThatCannotStartPullsNothing() throws Exception {
    Map<String, String> noEngine = new HashMap<>(env);
    noEngine.put("AIM_ENGINE_COMMAND_VLLM", dir.resolve("no-such-vllm").toString());
    CliRun r = CliRun.run(noEngine, dir, "launch", MODEL, "1", "--detach");
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    // The process runtime's executable is missing (and, with the container runtime merged, no
    // container engine answers either): refused before any weight is pulled.
    assertThat(r.err()).containsAnyOf("no-such-vllm", "vllm is not installed here");

    try (var taken = new java.net.ServerSocket(0)) {
      CliRun busy =
          CliRun.run(
              env, dir, "launch", MODEL, "1", "--detach", "--port", "" + taken.getLocalPort());
      assertThat(busy.code()).as(busy.err()).isEqualTo(3);
      assertThat(busy.err()).contains("is in use by another process");
    }

    assertThat(hub.requestCount()).as("requests to the Hub").isZero();
    assertThat(dir.resolve("cache/hub/models--Qwen--Qwen3-8B")).doesNotExist();
  }

  @Test
  void sigkillOfLaunchDuringItsPullEndsTheChildPullAndReleasesTheReservation() throws Exception {
    hub.slowDown(java.time.Duration.ofSeconds(120));
    Process cli =
        Launcher.builder(env, "launch", MODEL, "1", "--detach", "--name", "pulling")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cli.out").toFile())
            .start();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> hub.contentBytesSent() > 0);
    List<ProcessHandle> pull =
        cli.descendants()
            .filter(h -> h.info().commandLine().orElse("").contains("cache pull"))
            .toList();
    assertThat(pull).as(Files.readString(dir.resolve("cli.out"))).hasSize(1);
    JsonNode row = StandIn.json(CliRun.run(env, dir, "list", "--json").out()).get(0);
    assertThat(row.path("state").asText()).isEqualTo("starting");

    new ProcessBuilder("kill", "-KILL", String.valueOf(cli.pid())).start().waitFor();
    assertThat(cli.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> !pull.get(0).isAlive());
    JsonNode after = StandIn.json(CliRun.run(env, dir, "list", "--json").out()).get(0);
    assertThat(after.path("state").asText()).isEqualTo("failed");
    assertThat(
            StandIn.json(CliRun.run(env, dir, "gpus", "--json").out())
                .at("/gpus/0/held_by")
                .isNull())
        .isTrue();
  }

  @Test
  void offlineLaunchOfAMissingModelStartsNothingAndSaysWhatIsMissing() {
    env.put("HF_HUB_OFFLINE", "1");

    CliRun r = CliRun.run(env, dir, "launch", MODEL, "1", "--detach", "--name", "never");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("offline: " + MODEL + "@main is not completely cached");
    assertThat(hub.requestCount()).isZero();
    assertThat(StandIn.json(CliRun.run(env, dir, "list", "--json").out())).isEmpty();
  }

  @Test
  void cacheRmIsRefusedWhileTheLaunchedEndpointUsesTheModel() {
    assertThat(CliRun.run(env, dir, "launch", MODEL, "1", "--detach", "--name", "user").code())
        .isZero();

    CliRun rm = CliRun.run(env, dir, "cache", "rm", MODEL);
    assertThat(rm.code()).isEqualTo(3);
    assertThat(rm.err()).contains(MODEL + " is in use by endpoint user");
    CliRun list = CliRun.run(env, dir, "cache", "list", "--json");
    assertThat(StandIn.json(list.out()).get(0).get("in_use_by").get(0).asText()).isEqualTo("user");

    assertThat(CliRun.run(env, dir, "stop", "user").code()).isZero();
    assertThat(CliRun.run(env, dir, "cache", "rm", MODEL).code()).isZero();
  }
}
