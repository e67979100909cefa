package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import io.aimengine.testsupport.HubServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan} for models outside the catalog, with facts from a Hub stand-in on loopback. */
class PlanHubTest {
  static final String MODEL = "acme/chat-13b";

  @TempDir Path home;
  HubServer hub;
  final Map<String, String> env = new HashMap<>();

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A 13B MHA model: 26 GB of bf16 weights in two shards the plan must never fetch. */
  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "config.json",
        utf8(
            "{\"model_type\":\"llama\",\"hidden_size\":5120,\"intermediate_size\":13824,"
                + "\"num_hidden_layers\":40,\"num_attention_heads\":40,\"num_key_value_heads\":40,"
                + "\"vocab_size\":32000,\"max_position_embeddings\":4096,"
                + "\"torch_dtype\":\"bfloat16\"}"));
    files.put(
        "model.safetensors.index.json",
        utf8(
            "{\"metadata\":{\"total_size\":26031728640},\"weight_map\":"
                + "{\"a\":\"model-00001-of-00002.safetensors\","
                + "\"b\":\"model-00002-of-00002.safetensors\"}}"));
    files.put("model-00001-of-00002.safetensors", HubServer.bytes(300_000, 1));
    files.put("model-00002-of-00002.safetensors", HubServer.bytes(300_000, 2));
    files.put("tokenizer.json", HubServer.bytes(5000, 3));
    return files;
  }

  @BeforeEach
  void start() throws Exception {
    hub = HubServer.start();
    hub.addRepo(MODEL, files());
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
  void anUncataloguedModelPlansFromItsHubConfigAndTheSecondPlanIsOffline() throws Exception {
    Result first = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "8", "--json");

    assertThat(first.code()).as(first.err()).isZero();
    JsonNode p = first.json();
    assertThat(p.get("memory").get("kv_bytes_per_token").asLong())
        .isEqualTo(2L * 40 * 40 * 128 * 2);
    assertThat(p.get("memory").get("weights_per_gpu_bytes").asLong()).isEqualTo(26031728640L);
    assertThat(p.get("reasons").toString()).contains("config.json");
    // Metadata only: never a weight file, never the tokenizer.
    assertThat(hub.requests())
        .noneMatch(r -> r.path().endsWith(".safetensors") || r.path().endsWith("tokenizer.json"));

    hub.resetCounters();
    env.put("HF_HUB_OFFLINE", "1");
    Result second = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "8", "--json");
    env.remove("HF_HUB_OFFLINE");
    Result third = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "8", "--json");

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.json().get("memory")).isEqualTo(p.get("memory"));
    assertThat(third.code()).as(third.err()).isZero();
    assertThat(hub.requestCount()).as("cached facts need no network").isZero();
  }

  @Test
  void aGatedRepoWithoutATokenIsOneLineAboutTheToken() {
    hub.addRepo("acme/gated-7b", files());
    hub.gate("acme/gated-7b", "secret");

    Result r = run("plan", "acme/gated-7b", "--gpu", "MI300X", "--gpu-count", "1");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("gated").contains("HF_TOKEN");
  }

  @Test
  void anIdTheHubDoesNotKnowIsNotFoundWithDidYouMeanFromCatalogAndCache() {
    Result cached = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "1");
    assertThat(cached.code()).as(cached.err()).isZero();

    Result typo = run("plan", "acme/chat-31b", "--gpu", "MI300X", "--gpu-count", "1");
    Result catalogTypo = run("plan", "Qwen/Qwen3-23B", "--gpu", "MI300X", "--gpu-count", "1");

    assertThat(typo.code()).isEqualTo(3);
    assertThat(typo.err().strip())
        .doesNotContain("\n")
        .contains("acme/chat-31b")
        .contains("did you mean acme/chat-13b");
    assertThat(catalogTypo.code()).isEqualTo(3);
    assertThat(catalogTypo.err()).contains("did you mean Qwen/Qwen3-32B");
  }

  @Test
  void offlineAnUnknownIdPlansFromTheSizeInItsNameAndSaysItWasNotChecked() {
    env.put("HF_HUB_OFFLINE", "1");

    Result r = run("plan", "acme/other-8b", "--gpu", "MI300X", "--gpu-count", "1");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("could not be checked");
    assertThat(hub.requestCount()).isZero();
  }
}
