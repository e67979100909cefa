package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.testsupport.HubServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    assertThat(first.err()).contains("aim-engine: pulled " + MODEL);
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
    assertThat(second.err()).contains("aim-engine: weights of " + MODEL + " are cached");
    assertThat(hub.requestCount()).isZero();
    assertThat(engineLog("two")).contains("fake-engine: offline weights " + snapshot);
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
      assertThat(engineLog("child"))
          .contains("HF_HUB_OFFLINE=1")
          .contains("fake-engine: offline weights ");
    } finally {
      System.clearProperty("aim.quickJit");
    }
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
