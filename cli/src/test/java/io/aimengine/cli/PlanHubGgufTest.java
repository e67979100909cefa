package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import io.aimengine.testsupport.HubServer;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code --backend llamacpp} on Hub repos, against the Hub stand-in: a GGUF repo gets the best
 * quantization that fits memory (or the one a {@code :QUANT} tag names) and only that file is
 * pulled; a safetensors-only repo is invalid input before anything is downloaded.
 */
class PlanHubGgufTest {
  static final String GGUF = "acme/chat-8b-GGUF";

  @TempDir Path home;
  HubServer hub;
  final Map<String, String> env = new HashMap<>();

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  @BeforeEach
  void start() throws Exception {
    hub = HubServer.start();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("README.md", PlanHubTest.utf8("# chat 8b GGUF"));
    files.put("chat-8b-Q2_K.gguf", HubServer.bytes(4096, 7));
    hub.addRepo(GGUF, files);
    hub.addListedOnly(GGUF, "chat-8b-F16.gguf", 16_100_000_000L);
    hub.addListedOnly(GGUF, "chat-8b-Q8_0.gguf", 8_500_000_000L);
    hub.addListedOnly(GGUF, "chat-8b-Q6_K.gguf", 6_600_000_000L);
    hub.addListedOnly(GGUF, "chat-8b-Q4_K_M.gguf", 4_900_000_000L);
    hub.addListedOnly(GGUF, "mmproj-chat-8b-F16.gguf", 600_000_000L);
    hub.addRepo(PlanHubTest.MODEL, PlanHubTest.files());
    // A host with no GPU and 10 GiB of memory: llama.cpp may use 80% of it, 8 GiB.
    Path root = home.resolve("sysfs");
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       10485760 kB\n");
    Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nprocessor\t: 1\n");
    env.put("AIM_SYSFS_ROOT", root.toString());
    env.put("PATH", home.resolve("no-tools").toString());
    env.put("AIM_HOME", home.resolve("aim").toString());
    env.put("HF_ENDPOINT", hub.endpoint());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Settings(env, home), new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void aGgufRepoGetsTheBestQuantizationThatFitsMemory() throws Exception {
    Result r = run("plan", GGUF, "--backend", "llamacpp", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode p = r.json();
    String reasons = p.get("reasons").toString();
    assertThat(reasons).contains("GGUF file: Q6_K").contains("Q8_0").contains("do not");
    assertThat(p.get("argv").toString())
        .contains("models--acme--chat-8b-GGUF/snapshots/")
        .contains("chat-8b-Q6_K.gguf");
    assertThat(hub.requests()).noneMatch(q -> q.path().endsWith(".gguf"));
  }

  @Test
  void aQuantTagPicksThatFileAndImpliesLlamaCpp() throws Exception {
    Result r = run("plan", GGUF + ":q4_k_m", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("engine").asText()).isEqualTo("llamacpp");
    assertThat(r.json().get("reasons").toString()).contains("GGUF file: Q4_K_M", "tag asks");
    assertThat(r.json().get("argv").toString()).contains("chat-8b-Q4_K_M.gguf");
  }

  @Test
  void aTagTheRepoDoesNotHaveListsTheOnesItHas() {
    Result r = run("plan", GGUF + ":Q5_K_M");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .contains("no GGUF file for :Q5_K_M")
        .contains("Q6_K");
  }

  @Test
  void llamaCppOnASafetensorsRepoIsInvalidBeforeAnythingIsDownloaded() {
    Result plan = run("plan", PlanHubTest.MODEL, "--backend", "llamacpp");
    Result launch = run("launch", PlanHubTest.MODEL, "--backend", "llamacpp");

    for (Result r : new Result[] {plan, launch}) {
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip())
          .doesNotContain("\n")
          .contains(PlanHubTest.MODEL)
          .contains("has none")
          .contains("--backend vllm");
    }
    assertThat(hub.requests())
        .noneMatch(q -> q.path().endsWith(".safetensors") && q.range() == null);
  }

  @Test
  void cachePullWithATagFetchesOnlyThatQuantization() throws Exception {
    Result r = run("cache", "pull", GGUF + ":Q2_K");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(hub.requests())
        .filteredOn(q -> q.path().endsWith(".gguf") || q.path().startsWith("/cdn/"))
        .isNotEmpty()
        .allMatch(q -> q.path().endsWith("chat-8b-Q2_K.gguf") || q.path().startsWith("/cdn/"));
    try (var files = Files.walk(home)) {
      assertThat(files.filter(f -> f.toString().contains("/snapshots/")))
          .filteredOn(f -> f.getFileName().toString().endsWith(".gguf"))
          .singleElement()
          .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("chat-8b-Q2_K.gguf"));
    }
  }

  @Test
  void theSecondGgufPlanIsOffline() throws Exception {
    Result first = run("plan", GGUF, "--backend", "llamacpp", "--json");
    hub.resetCounters();
    env.put("HF_HUB_OFFLINE", "1");

    Result second = run("plan", GGUF, "--backend", "llamacpp", "--json");

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.json().get("argv")).isEqualTo(first.json().get("argv"));
    assertThat(hub.requestCount()).isZero();
  }
}
