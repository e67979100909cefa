package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipesCommandTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Settings settings = new Settings(Map.of("AIM_HOME", home.toString()), home);
    int code = Main.run(settings, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path write(String name, String text) throws IOException {
    Path f = home.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static final String CLEAN =
      """
      aim_id: Qwen/Qwen3-32B
      model_id: Qwen/Qwen3-32B
      metadata: {engine: vllm, gpu: MI300X, gpu_count: 1, precision: bf16, metric: latency,
                 type: unoptimized, manual_selection_only: false}
      engine_args: {tensor-parallel-size: 1, dtype: bfloat16}
      env_vars: {}
      """;

  @Test
  void validateExitsZeroWithNoOutputForACleanRecipe() throws IOException {
    Path f = write("ok.yaml", CLEAN);

    Result r = run("recipes", "validate", f.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("1 file(s), 1 recipe(s): 0 error(s), 0 warning(s)");
  }

  @Test
  void validatePrintsOneLinePerProblemAndExitsTwoOnErrors() throws IOException {
    Path f =
        write(
            "bad.yaml",
            CLEAN.replace(
                "tensor-parallel-size: 1, dtype: bfloat16",
                "tensor-parallel-size: 1, dtype: bfloat16, max-batch-size: 64, swap-space: 4"));

    Result r = run("recipes", "validate", f.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out().lines())
        .containsExactly(
            f
                + ":engine_args.max-batch-size: error: --max-batch-size is not a vLLM flag (a"
                + " TGI/TensorRT-LLM name; vLLM caps concurrency with max-num-seqs); did you mean"
                + " --max-num-seqs?",
            f
                + ":engine_args.swap-space: warning: --swap-space was removed in vLLM 0.18.0"
                + " (CPU swap space per GPU, unused by the V1 engine; PR #36216); drop it");
    assertThat(r.err()).contains("1 error(s), 1 warning(s)");
  }

  @Test
  void validateExitsZeroWhenThereAreOnlyWarnings() throws IOException {
    Path f =
        write(
            "warn.yaml",
            CLEAN.replace("dtype: bfloat16", "dtype: bfloat16, max-seq-len-to-capture: 8192"));

    Result r = run("recipes", "validate", f.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains(": warning: --max-seq-len-to-capture was removed in vLLM 0.11.0");
  }

  @Test
  void validateJsonCarriesTheSameProblems() throws IOException {
    Path f =
        write(
            "bad.yaml",
            CLEAN
                .replace("gpu: MI300X", "gpu: MI250X")
                .replace("env_vars: {}", "env_vars: {VLLM_ROCM_USE_AITER: '1'}"));

    Result r = run("recipes", "validate", "--json", f.toString());

    assertThat(r.code()).isEqualTo(2);
    JsonNode j = Json.mapper().readTree(r.out());
    assertThat(j.get("errors").asInt()).isEqualTo(1);
    assertThat(j.get("problems").get(0).get("field").asText())
        .isEqualTo("env_vars.VLLM_ROCM_USE_AITER");
    assertThat(j.get("problems").get(0).get("severity").asText()).isEqualTo("error");
  }

  @Test
  void validateOfAMissingPathIsNotFound() {
    Result r = run("recipes", "validate", home.resolve("nope.yaml").toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("nope.yaml: no such file or directory");
  }

  @Test
  void validateWalksDirectoriesAndReadsPrototypeFiles() throws IOException {
    write(
        "dir/proto.yaml",
        """
        recipe_id: p
        model_id: Qwen/Qwen3-32B
        hardware: MI300X
        precision: bf16
        sglang_serve:
          2_gpu:
            enabled: true
            args:
              --tensor-parallel-size: '2'
              --max-model-len: '32768'
        """);

    Result r = run("recipes", "validate", home.resolve("dir").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .contains(
            "proto.yaml:sglang_serve.2_gpu.args.--max-model-len: error: --max-model-len is a vLLM"
                + " flag, not an SGLang one; SGLang uses --context-length");
  }

  @Test
  void listFiltersByModelGpuAndEngine() {
    Result r = run("recipes", "list", "Qwen/Qwen3-32B", "--gpu", "mi355x", "--engine", "vllm");

    assertThat(r.code()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow())
        .startsWith("ID")
        .contains("ENGINE", "GPU", "COUNT", "PRECISION", "METRIC", "TYPE", "MANUAL");
    assertThat(r.out().lines().skip(1))
        .isNotEmpty()
        .allSatisfy(
            l -> assertThat(l).startsWith("Qwen/Qwen3-32B/vllm-mi355x-").contains("MI355X"));
  }

  @Test
  void listJsonHasStableFields() throws IOException {
    Result r = run("recipes", "list", "Qwen/Qwen3-32B-FP8", "--json");

    JsonNode j = Json.mapper().readTree(r.out());
    assertThat(j.isArray()).isTrue();
    assertThat(j).isNotEmpty();
    for (JsonNode n : j) {
      assertThat(n.get("served_model").asText()).isEqualTo("Qwen/Qwen3-32B-FP8");
      assertThat(n.has("manual_selection_only")).isTrue();
      assertThat(n.get("precision").asText()).isEqualTo("fp8");
    }
  }

  @Test
  void listRejectsAnUnknownGpu() {
    Result r = run("recipes", "list", "--gpu", "MI999X");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--gpu: unknown GPU model 'MI999X'");
  }

  @Test
  void showRendersTheFlagsAndFlagsRemovedOnes() {
    Result r = run("recipes", "show", "Qwen/Qwen3-32B/vllm-mi300x-fp8-tp1-latency");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Model      Qwen/Qwen3-32B (serves Qwen/Qwen3-32B-FP8)")
        .contains("--no-enable-prefix-caching")
        .contains("--distributed-executor-backend mp")
        .contains("warning: engine_args.swap-space");
  }

  @Test
  void showOfAnUnknownIdIsNotFound() {
    Result r = run("recipes", "show", "Qwen/Qwen3-32B/nope");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("no recipe with id 'Qwen/Qwen3-32B/nope'");
  }

  @Test
  void modelsListShowsTheCatalogsModels() throws IOException {
    Result text = run("models", "list");
    Result json = run("models", "list", "--json");

    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("deepseek-ai/DeepSeek-V3").contains("MLA");
    JsonNode j = Json.mapper().readTree(json.out());
    assertThat(j).hasSizeGreaterThanOrEqualTo(10);
    JsonNode qwen = null;
    for (JsonNode n : j) {
      if (n.get("id").asText().equals("Qwen/Qwen3-32B")) {
        qwen = n;
      }
    }
    assertThat(qwen).isNotNull();
    assertThat(qwen.get("layers").asInt()).isEqualTo(64);
    assertThat(qwen.get("kv_heads").asInt()).isEqualTo(8);
    assertThat(qwen.get("weights_bytes").asLong()).isEqualTo(65524246528L);
    assertThat(qwen.get("recipes").asInt()).isPositive();
  }
}
