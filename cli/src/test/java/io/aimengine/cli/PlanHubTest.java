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
    // Metadata only: never the tokenizer, and of a weight file at most its first 64 KiB (where
    // the safetensors header lies; these test shards have none, so the index sizes the weights).
    assertThat(hub.requests()).noneMatch(r -> r.path().endsWith("tokenizer.json"));
    assertThat(hub.requests())
        .filteredOn(r -> r.path().endsWith(".safetensors") || r.path().startsWith("/cdn/"))
        .allMatch(r -> "bytes=0-65535".equals(r.range()));

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

  /** A safetensors file holding only its header: tensors of {@code shape} per dtype, no data. */
  static byte[] headerOnly(Map<String, long[]> tensors) {
    StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    long offset = 0;
    for (var e : tensors.entrySet()) {
      String[] nameDtype = e.getKey().split(":");
      long n = 1;
      StringBuilder shape = new StringBuilder();
      for (long d : e.getValue()) {
        n *= d;
        shape.append(shape.isEmpty() ? "" : ",").append(d);
      }
      long bytes = n * (nameDtype[1].equals("BF16") ? 2 : 1);
      json.append(",\"")
          .append(nameDtype[0])
          .append("\":{\"dtype\":\"")
          .append(nameDtype[1])
          .append("\",\"shape\":[")
          .append(shape)
          .append("],\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(offset + bytes)
          .append("]}");
      offset += bytes;
    }
    byte[] h = utf8(json.append('}').toString());
    byte[] out = new byte[8 + h.length];
    java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(h.length);
    System.arraycopy(h, 0, out, 8, h.length);
    return out;
  }

  @Test
  void theColdPlanIsOneRoundTripWhenTheHubSummarisesTheParameters() throws Exception {
    hub.safetensorsSummary(MODEL, Map.of("BF16", 13_015_864_320L));

    Result r = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "8", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("memory").get("weights_per_gpu_bytes").asLong())
        .isEqualTo(26031728640L);
    // The model API and config.json, sent together: one round trip of wall time.
    assertThat(hub.requests())
        .extracting(HubServer.Request::path)
        .containsExactlyInAnyOrder(
            "/api/models/" + MODEL + "/revision/main", "/" + MODEL + "/resolve/main/config.json");
  }

  @Test
  void withoutASummaryParametersPerDtypeComeFromTheHeadersByByteRanges() throws Exception {
    // An FP8 checkpoint (DeepSeek-style): linear layers F8_E4M3, embeddings and norms BF16.
    Map<String, long[]> first = new LinkedHashMap<>();
    first.put("embed:BF16", new long[] {32000, 5120});
    first.put("l0.q:F8_E4M3", new long[] {5120, 5120});
    Map<String, long[]> second = new LinkedHashMap<>();
    second.put("l1.q:F8_E4M3", new long[] {5120, 5120});
    second.put("lm_head:BF16", new long[] {32000, 5120});
    second.put("norm:BF16", new long[] {5120});
    long expected = (32000L * 5120 * 2 + 5120) * 2 + 5120L * 5120 * 2;
    Map<String, byte[]> files = new LinkedHashMap<>(files());
    files.put(
        "model.safetensors.index.json",
        utf8(
            "{\"metadata\":{\"total_size\":1},\"weight_map\":"
                + "{\"a\":\"model-00001-of-00002.safetensors\","
                + "\"b\":\"model-00002-of-00002.safetensors\"}}"));
    files.put(
        "model-00001-of-00002.safetensors", concat(headerOnly(first), HubServer.bytes(300_000, 4)));
    files.put(
        "model-00002-of-00002.safetensors",
        concat(headerOnly(second), HubServer.bytes(300_000, 5)));
    hub.addRepo("acme/fp8-13b", files);

    Result r = run("plan", "acme/fp8-13b", "--gpu", "MI300X", "--gpu-count", "8", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("memory").get("weights_per_gpu_bytes").asLong()).isEqualTo(expected);
    assertThat(r.json().get("reasons").toString()).contains("F8_E4M3");
    // Only the headers: each weight file read from byte 0 in one 64 KiB range, never whole.
    assertThat(hub.requests())
        .filteredOn(q -> q.path().startsWith("/cdn/"))
        .hasSize(2)
        .allMatch(q -> "bytes=0-65535".equals(q.range()));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aRevisionPlansFromThatRevisionsConfigCachedApartFromMain() throws Exception {
    Map<String, byte[]> v2 = new LinkedHashMap<>(files());
    v2.put(
        "config.json",
        utf8(
            new String(files().get("config.json"), StandardCharsets.UTF_8)
                .replace("\"num_hidden_layers\":40", "\"num_hidden_layers\":80")));
    hub.addCommit(MODEL, "2222222222222222222222222222222222222222", v2);
    hub.setRef(MODEL, "v2", "2222222222222222222222222222222222222222");

    Result v2Plan =
        run("plan", MODEL, "--revision", "v2", "--gpu", "MI300X", "--gpu-count", "8", "--json");
    Result mainPlan = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "8", "--json");
    Result text = run("plan", MODEL, "--revision", "v2", "--gpu", "MI300X", "--gpu-count", "8");

    assertThat(v2Plan.code()).as(v2Plan.err()).isZero();
    assertThat(v2Plan.json().get("revision").asText()).isEqualTo("v2");
    assertThat(v2Plan.json().get("memory").get("kv_bytes_per_token").asLong())
        .isEqualTo(2L * 80 * 40 * 128 * 2);
    assertThat(v2Plan.out()).contains("\"--revision\"", "\"v2\"");
    assertThat(mainPlan.json().get("revision").asText()).isEqualTo("main");
    assertThat(mainPlan.json().get("memory").get("kv_bytes_per_token").asLong())
        .isEqualTo(2L * 40 * 40 * 128 * 2);
    assertThat(mainPlan.out()).doesNotContain("\"--revision\"");
    assertThat(text.out()).contains("revision    v2 (of " + MODEL + ")").contains("--revision v2");
    assertThat(home.resolve("aim/cache/hub/models--acme--chat-13b/refs/v2")).exists();
  }

  @Test
  void aBadRevisionIsInvalidInputNamingTheFlag() {
    Result r = run("plan", MODEL, "--revision", "../x", "--gpu", "MI300X", "--gpu-count", "8");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").startsWith("aim-engine: --revision '../x'");
    assertThat(hub.requestCount()).isZero();
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
