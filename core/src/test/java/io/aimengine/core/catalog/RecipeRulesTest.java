package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One failing and one passing recipe per validation rule. A failing case names the severity, field
 * and a fragment of the message it must produce; a passing case must produce no problem at all.
 */
class RecipeRulesTest {
  @TempDir Path dir;

  /** An AIM profile for Qwen/Qwen3-32B; {@code meta} lines replace the defaults they name. */
  static String aim(String meta, String args, String env) {
    StringBuilder y = new StringBuilder();
    String model = field(meta, "aim_id", "Qwen/Qwen3-32B");
    y.append("aim_id: ").append(model).append('\n');
    y.append("model_id: ").append(field(meta, "model_id", model)).append('\n');
    y.append("metadata:\n");
    for (String f : List.of("engine", "gpu", "gpu_count", "precision", "metric", "type")) {
      String dflt =
          switch (f) {
            case "engine" -> "vllm";
            case "gpu" -> "MI300X";
            case "gpu_count" -> "1";
            case "precision" -> "bf16";
            case "metric" -> "latency";
            default -> "unoptimized";
          };
      y.append("  ").append(f).append(": ").append(field(meta, f, dflt)).append('\n');
    }
    y.append("  manual_selection_only: false\n");
    String pin = field(meta, "engine_version", null);
    if (pin != null) {
      y.append("  engine_version: '").append(pin).append("'\n");
    }
    y.append("engine_args:\n").append(indent(args));
    y.append(env.isBlank() ? "env_vars: {}\n" : "env_vars:\n" + indent(env));
    return y.toString();
  }

  private static String field(String meta, String name, String dflt) {
    for (String line : meta.split(";")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals(name)) {
        return kv[1].trim();
      }
    }
    return dflt;
  }

  private static String indent(String lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines.split("\n")) {
      if (!l.isBlank()) {
        b.append("  ").append(l.trim()).append('\n');
      }
    }
    return b.toString();
  }

  static final String TP1 = "tensor-parallel-size: 1\ndtype: bfloat16";

  /** A general llama.cpp recipe for CPUs, plus extra engine argument lines. */
  static String llamaCpp(String extraArgs) {
    return "metadata: {engine: llamacpp, gpu: CPU, gpu_count: 0, precision: fp16, metric: latency,"
        + " type: general, manual_selection_only: false}\nengine_args:\n"
        + indent("ctx-size: 8192\nparallel: 4\nn-gpu-layers: 0\nflash-attn: null\n" + extraArgs)
        + "env_vars: {}\n";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        passes("llama.cpp CPU fallback", llamaCpp("")),
        fails(
            "llama.cpp recipe with a vLLM flag",
            llamaCpp("max-model-len: 4096"),
            "error",
            "engine_args.max-model-len",
            "is a vLLM flag, not a llama.cpp one; did you mean --ctx-size?"),
        // flags
        fails(
            "invalid flag, did-you-mean from the table",
            aim("", TP1 + "\nmax-batch-size: 256", ""),
            "error",
            "engine_args.max-batch-size",
            "did you mean --max-num-seqs?"),
        passes("the flag it suggests", aim("", TP1 + "\nmax-num-seqs: 256", "")),
        fails(
            "typo, did-you-mean by edit distance",
            aim("", TP1 + "\nmax-num-seq: 256", ""),
            "error",
            "engine_args.max-num-seq",
            "unknown vLLM flag --max-num-seq; did you mean --max-num-seqs"),
        fails(
            "integer flag with a word",
            aim("", TP1 + "\nmax-num-seqs: lots", ""),
            "error",
            "engine_args.max-num-seqs",
            "expects an integer"),
        passes(
            "integer flag with a numeric string, as argv carries it",
            aim("", TP1 + "\nmax-num-seqs: '256'\nmax-model-len: 32k", "")),
        fails(
            "choice outside the list",
            aim("", "tensor-parallel-size: 1\ndtype: float8_e4m3", ""),
            "error",
            "engine_args.dtype",
            "FP8 weights come from quantization"),
        fails(
            "switch given 'true' as a value",
            aim("", TP1 + "\ntrust-remote-code: 'true'", ""),
            "error",
            "engine_args.trust-remote-code",
            "takes no value"),
        passes(
            "switch given true or bare",
            aim("", TP1 + "\ntrust-remote-code: true\nenable-expert-parallel: null", "")),
        fails(
            "no- form with a value",
            aim("", TP1 + "\nno-enable-prefix-caching: false", ""),
            "error",
            "engine_args.no-enable-prefix-caching",
            "takes no value"),
        passes(
            "no- form bare; underscores accepted",
            aim(
                "",
                TP1 + "\nno-enable-prefix-caching: null\ndistributed_executor_backend: mp",
                "")),
        fails(
            "SGLang recipe with a vLLM flag",
            aim("engine=sglang", "tp-size: 1\ngpu-memory-utilization: 0.9", ""),
            "error",
            "engine_args.gpu-memory-utilization",
            "is a vLLM flag, not an SGLang one; SGLang uses --mem-fraction-static"),
        passes(
            "SGLang recipe with SGLang flags and aliases",
            aim(
                "engine=sglang",
                "tensor-parallel-size: 1\nmem-fraction-static: 0.85\nkv-cache-dtype: fp8_e4m3",
                "")),
        fails(
            "vLLM recipe with an SGLang flag",
            aim("", "tp-size: 1", ""),
            "error",
            "engine_args.tp-size",
            "is an SGLang flag, not a vLLM one; vLLM uses --tensor-parallel-size"),
        fails(
            "SGLang has no plain fp8 KV cache dtype",
            aim("engine=sglang", "tp-size: 1\nkv-cache-dtype: fp8", ""),
            "error",
            "engine_args.kv-cache-dtype",
            "did you mean fp8_e5m2"),
        fails(
            "flag removed in a newer vLLM, unpinned: warning with the version",
            aim("", TP1 + "\nswap-space: 16", ""),
            "warning",
            "engine_args.swap-space",
            "removed in vLLM 0.18.0"),
        fails(
            "removed flag on a recipe pinned to a release without it",
            aim("engine_version=0.18.0", TP1 + "\nswap-space: 16", ""),
            "error",
            "engine_args.swap-space",
            "the recipe pins 0.18.0"),
        passes(
            "removed flag? no: the same recipe without it, pinned",
            aim("engine_version=0.18.0", TP1, "")),
        fails(
            "deprecated-then-removed CLI flag",
            aim("", TP1 + "\ndisable-log-requests: null", ""),
            "warning",
            "engine_args.disable-log-requests",
            "removed in vLLM 0.17.0"),
        fails(
            "flag newer than the pinned release",
            aim("engine_version=0.9.2", TP1 + "\nno-enable-log-requests: null", ""),
            "error",
            "engine_args.no-enable-log-requests",
            "first appeared in vLLM 0.10.2"),
        passes(
            "flag present in the pinned release",
            aim("engine_version=0.11.0", TP1 + "\nno-enable-log-requests: null", "")),
        fails(
            "unparsable engine_version",
            aim("engine_version=latest", TP1, ""),
            "error",
            "metadata.engine_version",
            "not an engine version"),
        // parallelism
        fails(
            "gpu_count disagrees with tensor parallel size",
            aim("gpu_count=2", "tensor-parallel-size: 4\ndtype: bfloat16", ""),
            "error",
            "metadata.gpu_count",
            "gpu_count is 2 but the parallel arguments use 4 GPUs"),
        passes(
            "gpu_count = tp x pp",
            aim(
                "gpu_count=4",
                "tensor-parallel-size: 2\npipeline-parallel-size: 2\ndtype: bfloat16",
                "NCCL_MIN_NCHANNELS: '112'")),
        fails(
            "SGLang dp replicas multiply the GPUs",
            aim("engine=sglang;gpu_count=8", "tp-size: 8\ndp-size: 8", ""),
            "error",
            "metadata.gpu_count",
            "use 64 GPUs"),
        passes(
            "SGLang DP attention shares the TP group",
            aim(
                "engine=sglang;gpu_count=8",
                "tp-size: 8\ndp-size: 8\nenable-dp-attention: null",
                "")),
        fails(
            "tp does not divide the attention heads",
            aim("gpu_count=3", "tensor-parallel-size: 3\ndtype: bfloat16", ""),
            "error",
            "engine_args.tensor-parallel-size",
            "does not divide Qwen/Qwen3-32B's 64 attention heads"),
        fails(
            "tp neither divides nor multiplies the KV heads",
            aim(
                "aim_id=meta-llama/Llama-3.2-3B-Instruct;gpu_count=3",
                "tensor-parallel-size: 3\ndtype: bfloat16",
                ""),
            "error",
            "engine_args.tensor-parallel-size",
            "8 KV heads"),
        // precision
        fails(
            "16-bit dtype other than the precision",
            aim("", "tensor-parallel-size: 1\ndtype: float16", ""),
            "error",
            "engine_args.dtype",
            "runs fp16 but the recipe's precision is bf16"),
        passes(
            "fp8 recipe with 16-bit activations over an FP8 checkpoint",
            aim(
                "precision=fp8;model_id=Qwen/Qwen3-32B-FP8",
                "tensor-parallel-size: 1\ndtype: float16\nkv-cache-dtype: fp8",
                "")),
        fails(
            "fp8 recipe without fp8 weights",
            aim("precision=fp8", "tensor-parallel-size: 1", ""),
            "warning",
            "metadata.precision",
            "does not look like an FP8 checkpoint"),
        fails(
            "fp8 quantization under a bf16 precision",
            aim("", TP1 + "\nquantization: fp8", ""),
            "error",
            "engine_args.quantization",
            "serves fp8 weights but the recipe's precision is bf16"),
        passes(
            "fp8 quantization under fp8 precision",
            aim("precision=fp8", "tensor-parallel-size: 1\nquantization: fp8", "")),
        fails(
            "fp8 precision on a GPU without FP8",
            aim(
                "gpu=MI250X;precision=fp8;model_id=Qwen/Qwen3-32B-FP8",
                "tensor-parallel-size: 1",
                ""),
            "error",
            "metadata.precision",
            "MI250X (gfx90a) lacks"),
        fails(
            "fp8 KV cache on a GPU without FP8",
            aim("gpu=MI250X", TP1 + "\nkv-cache-dtype: fp8", ""),
            "error",
            "engine_args.kv-cache-dtype",
            "needs hardware FP8"),
        passes(
            "bf16 on MI250X with no ROCm-only switches",
            aim("gpu=MI250X", TP1 + "\nkv-cache-dtype: auto", "HIP_FORCE_DEV_KERNARG: '1'")),
        // limits
        fails(
            "gpu-memory-utilization above 1",
            aim("", TP1 + "\ngpu-memory-utilization: 1.5", ""),
            "error",
            "engine_args.gpu-memory-utilization",
            "out of range (0, 1]"),
        passes("gpu-memory-utilization of 1", aim("", TP1 + "\ngpu-memory-utilization: 1", "")),
        fails(
            "SGLang mem-fraction-static of 1",
            aim("engine=sglang", "tp-size: 1\nmem-fraction-static: 1.0", ""),
            "error",
            "engine_args.mem-fraction-static",
            "out of range (0, 1)"),
        fails(
            "token budget below the sequence budget",
            aim("", TP1 + "\nmax-num-batched-tokens: 256\nmax-num-seqs: 512", ""),
            "error",
            "engine_args.max-num-batched-tokens",
            "below --max-num-seqs 512"),
        fails(
            "token budget below the context without chunked prefill",
            aim(
                "",
                TP1
                    + "\nmax-num-batched-tokens: 8192\nmax-model-len: 32768\nno-enable-chunked-prefill: null",
                ""),
            "error",
            "engine_args.max-num-batched-tokens",
            "with chunked prefill off"),
        passes(
            "token budget below the context with chunked prefill",
            aim("", TP1 + "\nmax-num-batched-tokens: 8192\nmax-model-len: 32768", "")),
        fails(
            "context beyond the model's",
            aim("", TP1 + "\nmax-model-len: 65536", ""),
            "error",
            "engine_args.max-model-len",
            "exceeds Qwen/Qwen3-32B's 40960-token context"),
        passes(
            "context beyond the model's with RoPE scaling",
            aim(
                "",
                TP1
                    + "\nmax-model-len: 65536\nhf-overrides: '{\"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 2.0}}'",
                "")),
        // environment
        fails(
            "lower-case environment variable name",
            aim("", TP1, "my_var: '1'"),
            "error",
            "env_vars.my_var",
            "^[A-Z0-9_]+$"),
        fails(
            "PYTORCH_ROCM_ARCH for MI200 on an MI300X recipe",
            aim("", TP1, "PYTORCH_ROCM_ARCH: gfx90a"),
            "error",
            "env_vars.PYTORCH_ROCM_ARCH",
            "does not include MI300X's target gfx942"),
        fails(
            "GPU_ARCHS for MI200 on an MI300X recipe",
            aim("", TP1, "GPU_ARCHS: gfx90a"),
            "error",
            "env_vars.GPU_ARCHS",
            "gfx942"),
        passes(
            "arch lists that include the GPU's target",
            aim("", TP1, "GPU_ARCHS: gfx942;gfx950\nPYTORCH_ROCM_ARCH: gfx942")),
        fails(
            "AITER switch on MI250X",
            aim("gpu=MI250X", TP1, "VLLM_ROCM_USE_AITER: '1'"),
            "error",
            "env_vars.VLLM_ROCM_USE_AITER",
            "needs gfx942 or newer"),
        passes(
            "AITER switch on MI300X",
            aim("", TP1, "VLLM_ROCM_USE_AITER: '1'\nVLLM_ROCM_USE_AITER_RMSNORM: '1'")),
        fails(
            "gfx version override that is not the GPU's",
            aim("gpu=MI250X", TP1, "HSA_OVERRIDE_GFX_VERSION: 9.4.2"),
            "error",
            "env_vars.HSA_OVERRIDE_GFX_VERSION",
            "as gfx942"),
        passes(
            "gfx version override that is the GPU's",
            aim("gpu=MI250X", TP1, "HSA_OVERRIDE_GFX_VERSION: 9.0.10")),
        fails(
            "ROCm variable on an NVIDIA recipe",
            aim("gpu=H100", TP1, "HIP_FORCE_DEV_KERNARG: '1'"),
            "warning",
            "env_vars.HIP_FORCE_DEV_KERNARG",
            "does nothing on H100"),
        passes("NVIDIA recipe without ROCm variables", aim("gpu=H100", TP1, "")),
        fails(
            "variable the engine no longer reads",
            aim("", TP1, "VLLM_USE_V1: '0'"),
            "warning",
            "env_vars.VLLM_USE_V1",
            "removed in vLLM 0.12.0"),
        // metadata
        fails(
            "GPU outside AIM Engine's table",
            aim("gpu=W7900", TP1, ""),
            "warning",
            "metadata.gpu",
            "not in AIM Engine's GPU table"),
        fails(
            "model without a model file",
            aim("aim_id=example-org/Unknown-7B", TP1, ""),
            "warning",
            "aim_id",
            "no model file for example-org/Unknown-7B"),
        fails(
            "ignored model argument",
            aim("", TP1 + "\nmodel: Qwen/Qwen3-8B", ""),
            "warning",
            "engine_args.model",
            "is ignored"));
  }

  static Arguments fails(String name, String yaml, String severity, String field, String fragment) {
    return arguments(name, yaml, severity, field, fragment);
  }

  static Arguments passes(String name, String yaml) {
    return arguments(name, yaml, null, null, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rule(String name, String yaml, String severity, String field, String fragment)
      throws IOException {
    List<Problem> problems = validate("recipe.yaml", yaml);
    if (severity == null) {
      assertThat(problems).as(name).isEmpty();
      return;
    }
    assertThat(problems)
        .as(name)
        .anySatisfy(
            p -> {
              assertThat(p.severity().label()).isEqualTo(severity);
              assertThat(p.field()).isEqualTo(field);
              assertThat(p.message()).contains(fragment);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileNames")
  void fileNameAgreesWithMetadata(String fileName, boolean warns) throws IOException {
    List<Problem> problems = validate(fileName, aim("", TP1, ""));
    if (warns) {
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
                assertThat(p.message()).contains("precision: name says fp16, metadata bf16");
              });
    } else {
      assertThat(problems).isEmpty();
    }
  }

  static Stream<Arguments> fileNames() {
    return Stream.of(
        arguments("vllm-mi300x-fp16-tp1-latency.yaml", true),
        arguments("vllm-mi300x-bf16-tp1-latency.yaml", false),
        arguments("my-own-name.yaml", false));
  }

  @org.junit.jupiter.api.Test
  void recipeInAnotherModelsDirectoryWarns() throws IOException {
    Path f = dir.resolve("recipes/meta-llama/Llama-3.1-8B-Instruct/recipe.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, aim("", TP1, ""));

    List<Problem> problems = TestCatalogs.validator().validate(List.of(f)).problems();

    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("indexes recipes by directory"));
  }

  @org.junit.jupiter.api.Test
  void unknownGpuModelIsAnError() throws IOException {
    assertThat(validate("recipe.yaml", aim("gpu=MI999X", TP1, "")))
        .anySatisfy(
            p -> {
              assertThat(p.isError()).isTrue();
              assertThat(p.field()).isEqualTo("metadata.gpu");
              assertThat(p.message()).contains("unknown GPU model 'MI999X'");
            });
  }

  private List<Problem> validate(String fileName, String yaml) throws IOException {
    Path f = dir.resolve(fileName);
    Files.writeString(f, yaml);
    return TestCatalogs.validator().validate(List.of(f)).problems();
  }
}
