package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.testsupport.HubServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code bin/aim-engine cache pull} processes against a hub test server: two processes pulling
 * one model at the same time share the work through the blob locks, and a cached model is then
 * served offline without a single request.
 */
class CachePullIT {
  static final String MODEL = "acme/shared-llm";

  @TempDir Path dir;
  HubServer hub;
  long total;

  @BeforeEach
  void start() throws Exception {
    hub = HubServer.start();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("config.json", "{\"model_type\":\"llama\"}".getBytes(StandardCharsets.UTF_8));
    files.put(
        "model.safetensors.index.json",
        ("{\"metadata\":{\"total_size\":1},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00003.safetensors\","
                + "\"b\":\"model-00002-of-00003.safetensors\","
                + "\"c\":\"model-00003-of-00003.safetensors\"}}")
            .getBytes(StandardCharsets.UTF_8));
    for (int i = 1; i <= 3; i++) {
      files.put("model-0000" + i + "-of-00003.safetensors", HubServer.bytes(6 << 20, i));
    }
    hub.addRepo(MODEL, files);
    total = files.values().stream().mapToLong(b -> b.length).sum();
    // ~25 MiB/s per connection: each pull takes long enough for the other to start meanwhile
    hub.slowDown(Duration.ofMillis(10));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private Process start(String name, Map<String, String> extra, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(GpusCommandIT.launcher().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("AIM_"));
    env.put("AIM_HOME", dir.resolve("home").toString());
    env.put("AIM_CACHE_DIR", dir.resolve("cache").toString());
    env.put("HF_ENDPOINT", hub.endpoint());
    env.put("AIM_SKIP_BUILD", "1"); // failsafe runs after package: the jar is current
    env.putAll(extra);
    pb.redirectOutput(dir.resolve(name + ".out").toFile());
    pb.redirectError(dir.resolve(name + ".err").toFile());
    return pb.start();
  }

  private String finish(String name, Process p) throws Exception {
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish");
    }
    String err = Files.readString(dir.resolve(name + ".err"));
    assertThat(p.exitValue()).as(name + ": " + err).isZero();
    return Files.readString(dir.resolve(name + ".out"));
  }

  @Test
  void twoProcessesPullingTheSameModelDownloadEachBlobOnceAndBothSucceed() throws Exception {
    Process a = start("a", Map.of(), "cache", "pull", MODEL, "--json");
    Process b = start("b", Map.of(), "cache", "pull", MODEL, "--json");

    var ja = Json.mapper().readTree(finish("a", a));
    var jb = Json.mapper().readTree(finish("b", b));

    assertThat(ja.get("commit").asText()).isEqualTo(jb.get("commit").asText());
    assertThat(ja.get("fetched_bytes").asLong() + jb.get("fetched_bytes").asLong())
        .isEqualTo(total);
    assertThat(hub.contentBytesSent()).isEqualTo(total);
    Path snap = Path.of(ja.get("snapshot").asText());
    for (int i = 1; i <= 3; i++) {
      assertThat(Files.size(snap.resolve("model-0000" + i + "-of-00003.safetensors")))
          .isEqualTo(6 << 20);
    }
    try (var s = Files.list(dir.resolve("cache/hub/models--acme--shared-llm/blobs"))) {
      assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".incomplete"));
    }

    hub.resetCounters();
    String offline = finish("c", start("c", Map.of("HF_HUB_OFFLINE", "1"), "cache", "pull", MODEL));
    assertThat(offline).contains("checked offline");
    assertThat(hub.requestCount()).isZero();
  }
}
