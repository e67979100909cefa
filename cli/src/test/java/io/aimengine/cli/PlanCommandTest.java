package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance scenarios for {@code plan}, against the shipped catalog. */
class PlanCommandTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Settings settings = new Settings(Map.of("AIM_HOME", home.toString()), home);
    int code = Main.run(settings, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The vLLM release in the catalog's pinned ROCm image. */
  private static String pinnedRocmVllm() {
    return io.aimengine.core.engine.EngineImages.builtIn()
        .find(io.aimengine.core.engine.EngineKind.VLLM, "amd", null)
        .orElseThrow()
        .engineVersion();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void qwen32bOnEightMi300xPlansVllmOnOneGpu() throws Exception {
    Result r = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode p = r.json();
    assertThat(p.get("engine").asText()).isEqualTo("vllm");
    assertThat(p.get("gpu_model").asText()).isEqualTo("MI300X");
    assertThat(p.get("gpu_count").asInt()).isEqualTo(1);
    assertThat(p.get("tensor_parallel_size").asInt()).isEqualTo(1);
    assertThat(p.get("recipe_id").asText()).startsWith("Qwen/Qwen3-32B/");
    List<String> argv = texts(p.get("argv"));
    assertThat(argv.subList(0, 3)).containsExactly("vllm", "serve", "Qwen/Qwen3-32B");
    // AMD's profile carries flags the vLLM of the pinned image rejects (max-seq-len-to-capture is
    // gone since 0.11.0); the plan drops them and says so. --swap-space is still valid there.
    assertThat(argv).doesNotContain("--max-seq-len-to-capture").contains("--swap-space");
    assertThat(texts(p.get("warnings")))
        .anyMatch(w -> w.startsWith("dropped --max-seq-len-to-capture"));
    assertThat(p.get("env").get("HIP_VISIBLE_DEVICES").asText()).isEqualTo("0");
    JsonNode mem = p.get("memory");
    assertThat(mem.get("fits").asBoolean()).isTrue();
    assertThat(mem.get("total_per_gpu_bytes").asLong())
        .isLessThanOrEqualTo(mem.get("budget_per_gpu_bytes").asLong());
    assertThat(mem.get("weights_per_gpu_bytes").asLong()).isEqualTo(65524246528L);
    assertThat(p.get("candidates").get(0).get("verdict").asText()).isEqualTo("selected");
    assertThat(p.get("candidates")).anyMatch(c -> !c.get("accepted").asBoolean());
  }

  @Test
  void theFlagshipPlanTargetsTheVllmOfItsPinnedImageSoItCanVouchForTheImage() throws Exception {
    String pinned = pinnedRocmVllm();
    Result text = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .doesNotContain("is not the catalog's pinned image")
        .contains("flags: fitted to vllm " + pinned);

    Result json = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--json");
    assertThat(json.json().get("engine_version").asText()).isEqualTo(pinned);
  }

  @Test
  void anArgTheNewestReleaseDroppedIsCheckedAgainstThePinnedImagesRelease() throws Exception {
    // vLLM removed --swap-space after the release in the pinned ROCm image, which still has it:
    // the plan is fitted to that image, so the override is valid and reaches the engine.
    String pinned = pinnedRocmVllm();
    Result r =
        run(
            "plan",
            "Qwen/Qwen3-32B",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "1",
            "--arg",
            "swap-space=4",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("engine_version").asText()).isEqualTo(pinned);
    assertThat(texts(r.json().get("argv"))).containsSubsequence("--swap-space", "4");

    // Against a release without it, the same override is still refused in one line.
    Result newest =
        run(
            "plan",
            "Qwen/Qwen3-32B",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "1",
            "--engine-version",
            "0.18.0",
            "--arg",
            "swap-space=4");
    assertThat(newest.code()).isEqualTo(2);
    assertThat(newest.err()).contains("swap-space");
  }

  @Test
  void aProcessPlanFitsTheFlagsToTheInstalledVllmNotTheTablesNewest() throws Exception {
    // AIM Engine's ROCm image: vLLM 0.11.2 installed, AIM_ENGINE_VERSION_VLLM says so.
    Path vllm = home.resolve("bin/vllm");
    java.nio.file.Files.createDirectories(vllm.getParent());
    java.nio.file.Files.writeString(vllm, "#!/bin/sh\n");
    vllm.toFile().setExecutable(true);
    Map<String, String> env =
        Map.of(
            "AIM_HOME", home.toString(),
            "AIM_ENGINE_COMMAND_VLLM", vllm.toString(),
            "AIM_ENGINE_VERSION_VLLM", "0.11.2");
    String[] args = {
      "plan",
      "Qwen/Qwen3-32B",
      "--gpu",
      "MI300X",
      "--gpu-count",
      "8",
      "--runtime",
      "process",
      "--json"
    };

    Result r = runWith(env, args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("engine_version").asText()).isEqualTo("0.11.2");
    // --swap-space is gone in the table's newest vLLM but still valid in 0.11.2.
    assertThat(texts(r.json().get("argv"))).contains("--swap-space");

    Map<String, String> bad = new java.util.HashMap<>(env);
    bad.put("AIM_ENGINE_VERSION_VLLM", "latest");
    Result invalid = runWith(bad, args);
    assertThat(invalid.code()).isEqualTo(2);
    assertThat(invalid.err())
        .contains("AIM_ENGINE_VERSION_VLLM: 'latest' is not an engine version");
  }

  private Result runWith(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Settings(env, home), new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void anExplicitEngineVersionFitsTheFlagsToThatVersion() throws Exception {
    Result r =
        run(
            "plan",
            "Qwen/Qwen3-32B",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "8",
            "--engine-version",
            "0.18.0",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode p = r.json();
    assertThat(p.get("engine_version").asText()).isEqualTo("0.18.0");
    assertThat(texts(p.get("argv"))).doesNotContain("--swap-space");
    assertThat(texts(p.get("warnings"))).anyMatch(w -> w.startsWith("dropped --swap-space"));
  }

  @Test
  void qwen32bOnMi250xNeedsTwoGpus() throws Exception {
    Result r = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI250X", "--gpu-count", "8", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("gpu_count").asInt()).isEqualTo(2);
    assertThat(r.json().get("tensor_parallel_size").asInt()).isEqualTo(2);
  }

  @Test
  void aQuantizedCheckpointUnderASixteenBitRecipeSaysItsWeightsKeepTheirPrecision()
      throws Exception {
    // AMD's MXFP4 profiles for MI325X are manual-selection only: a general bf16 recipe serves it.
    Result json =
        run("plan", "openai/gpt-oss-120b", "--gpu", "MI325X", "--gpu-count", "2", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.json().get("precision").asText()).isEqualTo("bf16");
    assertThat(json.json().get("weights_precision").asText()).isEqualTo("fp4");
    assertThat(texts(json.json().get("argv"))).doesNotContain("--quantization");

    Result text = run("plan", "openai/gpt-oss-120b", "--gpu", "MI325X", "--gpu-count", "2");
    assertThat(text.out())
        .contains("  precision   bf16 (weights fp4, as the checkpoint stores them)");

    Result plain = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "1", "--json");
    assertThat(plain.json().get("weights_precision").asText())
        .isEqualTo(plain.json().get("precision").asText());
  }

  @Test
  void llama405bOnH100PlansFp8AndSaysWhy() throws Exception {
    Result r =
        run(
            "plan",
            "meta-llama/Llama-3.1-405B-Instruct",
            "--gpu",
            "H100",
            "--gpu-count",
            "8",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode p = r.json();
    assertThat(p.get("precision").asText()).isEqualTo("fp8");
    assertThat(p.get("weights_precision").asText()).isEqualTo("fp8");
    assertThat(p.get("gpu_count").asInt()).isEqualTo(8);
    assertThat(texts(p.get("reasons")))
        .anyMatch(s -> s.startsWith("precision fallback: bf16/fp16 does not fit"));
    assertThat(p.get("candidates"))
        .anyMatch(
            c ->
                c.get("verdict").asText().equals("does_not_fit")
                    && c.get("precision").asText().equals("bf16")
                    && c.get("gpu_count").asInt() == 8);
  }

  @Test
  void llama405bOnEightMi300xTakesItsOwnTunedRecipeOverGeneralSixteenBitOnes() throws Exception {
    Result r =
        run(
            "plan",
            "meta-llama/Llama-3.1-405B-Instruct",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "8",
            "--json");

    // Model recipes come before general fallbacks (AMD's own selector picks the same profile).
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("recipe_id").asText())
        .isEqualTo("meta-llama/Llama-3.1-405B-Instruct/vllm-mi300x-fp8-tp8-latency");
    assertThat(r.json().get("gpu_count").asInt()).isEqualTo(8);
  }

  @Test
  void llama405bOnTwoMi300xExitsThreeWithTheSmallestChange() throws Exception {
    Result human =
        run("plan", "meta-llama/Llama-3.1-405B-Instruct", "--gpu", "MI300X", "--gpu-count", "2");
    Result json =
        run(
            "plan",
            "meta-llama/Llama-3.1-405B-Instruct",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "2",
            "--json");

    assertThat(human.code()).isEqualTo(3);
    assertThat(human.err().lines().toList()).hasSize(1);
    assertThat(human.err())
        .contains("does not fit on 2 × MI300X")
        .contains("needs 8 × MI300X at bf16, or 4 at fp8");
    assertThat(human.out()).contains("rejected").contains("does_not_fit");
    assertThat(json.code()).isEqualTo(3);
    assertThat(json.json().get("suggestion").asText())
        .isEqualTo("needs 8 × MI300X at bf16, or 4 at fp8");
    assertThat(json.json().get("exit_code").asInt()).isEqualTo(3);
  }

  @Test
  void humanOutputShowsTheChoiceTheReasonsAndTheCommand() {
    Result r = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "Plan for Qwen/Qwen3-32B",
            "Why",
            "Candidates",
            "Command",
            "vllm serve Qwen/Qwen3-32B",
            "docker run");
    assertThat(r.out()).contains("selected");
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    assertThat(run("plan", "Qwen/Qwen3-32B", "--gpu", "MI999X", "--gpu-count", "8"))
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo(2);
              assertThat(r.err())
                  .startsWith("aim-engine: --gpu/--gpu-count: unknown GPU model 'MI999X'");
            });
    assertThat(run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X").code()).isEqualTo(2);
    assertThat(
            run(
                    "plan",
                    "Qwen/Qwen3-32B",
                    "--precision",
                    "fp12",
                    "--gpu",
                    "MI300X",
                    "--gpu-count",
                    "8")
                .err())
        .contains("--precision: unknown precision 'fp12'");
    assertThat(
            run(
                    "plan",
                    "Qwen/Qwen3-32B",
                    "--gpu",
                    "MI300X",
                    "--gpu-count",
                    "8",
                    "--arg",
                    "max-batch-size=8")
                .err())
        .contains("did you mean --max-num-seqs?");
  }

  @Test
  void sglangBackendPlansAnSglangRecipe() throws Exception {
    Result r =
        run(
            "plan",
            "Qwen/Qwen3-32B",
            "--backend",
            "sglang",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "8",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    List<String> argv = texts(r.json().get("argv"));
    assertThat(argv.subList(0, 5))
        .containsExactly("python3", "-m", "sglang.launch_server", "--model-path", "Qwen/Qwen3-32B");
    assertThat(argv)
        .contains("--enable-metrics")
        .doesNotContain("--gpu-memory-utilization", "--max-model-len");
  }

  @Test
  void anUncataloguedLocalModelPlansFromItsOwnConfigAndAGeneralFallback() throws Exception {
    Path model = home.resolve("models/acme-chat-13b");
    java.nio.file.Files.createDirectories(model);
    java.nio.file.Files.writeString(
        model.resolve("config.json"),
        """
        {"model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824,
         "num_hidden_layers": 40, "num_attention_heads": 40, "num_key_value_heads": 40,
         "vocab_size": 32000, "max_position_embeddings": 4096, "torch_dtype": "float16"}
        """);
    java.nio.file.Files.writeString(
        model.resolve("model.safetensors.index.json"),
        "{\"metadata\": {\"total_size\": 26031728640}, \"weight_map\": {}}");

    Result r = run("plan", model.toString(), "--gpu", "MI250X", "--gpu-count", "8", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode p = r.json();
    assertThat(p.get("recipe_id").asText()).startsWith("general/vllm-mi250x-");
    assertThat(p.get("served_model").asText()).isEqualTo(model.toString());
    // 26 GB of fp16 weights plus 0.8 MiB/token of MHA KV cache: one 64 GiB GCD holds the weights
    // but only ~10 sequences of 4096 tokens, short of the headroom (16); two GCDs hold it.
    assertThat(p.get("gpu_count").asInt()).isEqualTo(2);
    assertThat(p.get("memory").get("kv_pool_tokens").asLong()).isGreaterThanOrEqualTo(65536);
    assertThat(p.get("memory").get("weights_per_gpu_bytes").asLong()).isEqualTo(26031728640L / 2);
    assertThat(p.get("memory").get("kv_bytes_per_token").asLong())
        .isEqualTo(2L * 40 * 20 * 128 * 2);
    assertThat(texts(p.get("reasons")))
        .anyMatch(s -> s.contains(model.resolve("config.json").toString()));
  }

  @Test
  void enginesListenOnLoopbackByDefaultAndThePrintedUrlSaysSo() throws Exception {
    Result r = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8");

    assertThat(r.code()).as(r.err()).isZero();
    String local = r.out().substring(0, r.out().indexOf("Container"));
    assertThat(local).contains("http://127.0.0.1:8000/v1").doesNotContain("0.0.0.0");
    assertThat(local).contains("--host 127.0.0.1");
    // The container's engine binds its own interfaces; the host publishes the port on loopback.
    assertThat(r.out()).contains("-p 127.0.0.1:8000:8000");
    JsonNode p =
        run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--json").json();
    assertThat(p.get("host").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void everyInterfaceIsAnExplicitOptInThatThePlanSpellsOut() {
    Result r =
        run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--host", "0.0.0.0");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("http://127.0.0.1:8000/v1")
        .contains("listening on all interfaces (0.0.0.0:8000)")
        .contains("--host 0.0.0.0");
  }

  @Test
  void aHostThatIsNoAddressIsRefusedAsInvalidInput() {
    Result r =
        run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--host", "a;touch x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--host").contains("expected an IP address or host name");
  }

  @Test
  void aUserCatalogRecipeWithShellCodeInAnEnvNameIsRefusedAndSaidSo() throws Exception {
    Path root = home.resolve("catalog");
    Path f = root.resolve("recipes/Qwen/Qwen3-32B/vllm-mi300x-bf16-tp1-latency.yaml");
    java.nio.file.Files.createDirectories(f.getParent());
    java.nio.file.Files.writeString(
        f,
        """
        aim_id: Qwen/Qwen3-32B
        model_id: Qwen/Qwen3-32B
        metadata: {engine: vllm, gpu: MI300X, gpu_count: 1, precision: bf16, metric: latency,
          type: optimized, manual_selection_only: false}
        engine_args: {tensor-parallel-size: 1}
        env_vars: {'A;touch /tmp/x;B': '1', 'X$(id)': '2'}
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Settings settings =
        new Settings(
            Map.of("AIM_HOME", home.toString(), "AIM_CATALOG_PATH", root.toString()), home);

    int code =
        Main.run(
            settings,
            new PrintWriter(out),
            new PrintWriter(err),
            "plan",
            "Qwen/Qwen3-32B",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "1");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).doesNotContain("touch").doesNotContain("$(id)");
    assertThat(err.toString())
        .contains("vllm-mi300x-bf16-tp1-latency.yaml:env_vars")
        .contains("[A-Za-z_][A-Za-z0-9_]*");
  }

  @Test
  void aPlanForAnotherMachineNeverOpensThisHostsEndpointStore() throws Exception {
    // Not a database: opening the store would fail the plan (and rewrite nothing here).
    Path db = home.resolve("state.db");
    Files.writeString(db, "not a database");

    Result r = run("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("HIP_VISIBLE_DEVICES=0");
    assertThat(Files.readString(db)).isEqualTo("not a database");
    try (var files = Files.list(home)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("state.db");
    }
  }
}
