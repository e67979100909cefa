package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import io.aimengine.testsupport.HubServer;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/** {@code aim-engine cache ...} against a hub test server on loopback. */
class CacheCommandTest {
  static final String MODEL = "acme/tiny-llm";

  @TempDir Path home;
  HubServer hub;
  String commit;
  final Map<String, String> env = new HashMap<>();

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void start() throws Exception {
    hub = HubServer.start();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "config.json",
        utf8(
            "{\"model_type\":\"llama\",\"hidden_size\":2048,\"num_attention_heads\":16,"
                + "\"num_key_value_heads\":8,\"num_hidden_layers\":16,\"intermediate_size\":8192,"
                + "\"vocab_size\":32000,\"max_position_embeddings\":4096,"
                + "\"torch_dtype\":\"bfloat16\"}"));
    files.put("tokenizer.json", HubServer.bytes(3000, 1));
    files.put(
        "model.safetensors.index.json",
        utf8(
            "{\"metadata\":{\"total_size\":2000000000},\"weight_map\":"
                + "{\"a\":\"model-00001-of-00001.safetensors\"}}"));
    files.put("model-00001-of-00001.safetensors", HubServer.bytes(200_000, 2));
    files.put("original/consolidated.pth", HubServer.bytes(1000, 3));
    commit = hub.addRepo(MODEL, files);
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

  private Path snapshot() {
    return home.resolve("aim/cache/hub/models--acme--tiny-llm/snapshots").resolve(commit);
  }

  @Test
  void pullDownloadsTheDefaultFilesAndSaysWhereTheSnapshotIs() {
    Result r = run("cache", "pull", MODEL);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("Pulled " + MODEL + "@main (" + commit.substring(0, 12) + "): 4 files")
        .contains(snapshot().toString());
    assertThat(r.err()).isEmpty(); // not a terminal: no progress bar
    assertThat(snapshot().resolve("original")).doesNotExist();
  }

  @Test
  void pullJsonReportsWhatWasFetched() throws Exception {
    JsonNode first = run("cache", "pull", MODEL, "--json").json();
    assertThat(first.get("commit").asText()).isEqualTo(commit);
    assertThat(first.get("fetched_bytes").asLong()).isPositive();
    assertThat(first.get("network").asBoolean()).isTrue();

    hub.resetCounters();
    JsonNode second = run("cache", "pull", MODEL, "--json").json();
    assertThat(second.get("fetched_bytes").asLong()).isZero();
    assertThat(second.get("downloaded_files").asInt()).isZero();
    assertThat(hub.contentBytesSent()).isZero();
  }

  @Test
  void offlinePullUsesNoNetworkAndNamesWhatIsMissing() {
    Result missing = run("cache", "pull", MODEL, "--offline");
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err())
        .startsWith("aim-engine: offline: " + MODEL + "@main is not completely cached");

    run("cache", "pull", MODEL);
    hub.resetCounters();
    env.put("HF_HUB_OFFLINE", "1");
    Result ok = run("cache", "pull", MODEL);

    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("checked offline");
    assertThat(hub.requestCount()).isZero();
  }

  @Test
  void listAndStatsShowThePulledModel() throws Exception {
    run("cache", "pull", MODEL);

    Result table = run("cache", "list");
    assertThat(table.out().lines().toList().get(0))
        .startsWith("MODEL")
        .contains("REVISION", "SIZE", "FILES", "LAST USED", "IN USE BY");
    assertThat(table.out()).contains(MODEL).contains("main").contains("just now");

    JsonNode list = run("cache", "list", "--json").json();
    assertThat(list).hasSize(1);
    JsonNode m = list.get(0);
    assertThat(m.get("model").asText()).isEqualTo(MODEL);
    assertThat(m.get("revisions").get(0).get("commit").asText()).isEqualTo(commit);
    assertThat(m.get("files").asInt()).isEqualTo(4);
    assertThat(m.get("in_use_by")).isEmpty();

    JsonNode stats = run("cache", "stats", "--json").json();
    assertThat(stats.get("models").asInt()).isEqualTo(1);
    assertThat(stats.get("size_bytes").asLong()).isEqualTo(m.get("size_bytes").asLong());
    assertThat(stats.get("root").asText()).isEqualTo(home.resolve("aim/cache/hub").toString());
  }

  @Test
  void errorsAreOneLineWithTheDocumentedExitCodes() {
    assertThat(run("cache", "pull", "acme/missing").code()).isEqualTo(3);
    assertThat(run("cache", "pull", "not a model").code()).isEqualTo(2);
    assertThat(run("cache", "rm", MODEL).code()).isEqualTo(3);
    assertThat(run("cache", "prune").code()).isEqualTo(2);
    assertThat(run("cache", "prune", "--older-than", "soon").code()).isEqualTo(2);
    assertThat(run("cache", "prune", "--max-size", "big").code()).isEqualTo(2);

    hub.gate(MODEL, "right");
    env.put("HF_TOKEN", "hf_wrong_secret");
    Result gated = run("cache", "pull", MODEL);
    assertThat(gated.code()).isEqualTo(1);
    assertThat(gated.err().lines()).hasSize(1);
    assertThat(gated.err()).contains("is gated").doesNotContain("hf_wrong_secret");
  }

  @Test
  void rmRemovesAndPruneDryRunRemovesNothing() {
    run("cache", "pull", MODEL);

    Result dry = run("cache", "prune", "--max-size", "0", "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(dry.out()).contains(MODEL).contains("dry run: nothing removed");
    assertThat(snapshot()).exists();

    Result rm = run("cache", "rm", MODEL);
    assertThat(rm.code()).isZero();
    assertThat(rm.out()).startsWith("Removed " + MODEL);
    assertThat(home.resolve("aim/cache/hub/models--acme--tiny-llm")).doesNotExist();
  }

  @Test
  void rmJsonSaysWhatWasRemovedAndHowMuchWasFreed() throws Exception {
    run("cache", "pull", MODEL);
    long size = run("cache", "list", "--json").json().get(0).get("size_bytes").asLong();

    Result rm = run("cache", "rm", MODEL, "--json");

    assertThat(rm.code()).as(rm.err()).isZero();
    JsonNode j = rm.json();
    assertThat(j.get("repo").asText()).isEqualTo(MODEL);
    assertThat(j.get("freed_bytes").asLong()).isEqualTo(size).isPositive();
    assertThat(j.get("was_in_use_by")).isEmpty();
  }

  @Test
  void verifyPassesAndThenCatchesACorruptedBlob() throws Exception {
    run("cache", "pull", MODEL);
    assertThat(run("cache", "verify", MODEL).out()).startsWith("OK " + MODEL);

    Path weights = snapshot().resolve("model-00001-of-00001.safetensors").toRealPath();
    byte[] b = Files.readAllBytes(weights);
    b[7] ^= 1;
    Files.write(weights, b);

    Result bad = run("cache", "verify", MODEL);
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("corrupt blob " + weights.getFileName());
    assertThat(bad.err()).contains("--fix");
  }

  @Test
  void planReadsMemoryFactsFromTheCacheForAModelOutsideTheCatalog() throws Exception {
    run("cache", "pull", MODEL);

    Result plan = run("plan", MODEL, "--gpu", "MI300X", "--gpu-count", "1", "--json");

    assertThat(plan.code()).as(plan.err()).isZero();
    List<String> reasons = Json.mapper().convertValue(plan.json().get("reasons"), List.class);
    assertThat(reasons)
        .anyMatch(
            r ->
                r.startsWith("model: " + MODEL)
                    && r.contains(snapshot().resolve("config.json").toString()));
    JsonNode env = plan.json().get("env");
    assertThat(env.get("HF_HOME").asText()).isEqualTo(home.resolve("aim/cache").toString());
    assertThat(env.get("HF_HUB_OFFLINE").asText()).isEqualTo("1");
  }
}
