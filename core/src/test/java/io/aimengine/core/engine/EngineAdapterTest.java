package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeSource;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Plan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EngineAdapterTest {

  private static Plan plan(
      EngineKind engine,
      String gpu,
      List<Integer> gpus,
      String model,
      String served,
      Map<String, Object> args,
      Map<String, String> env) {
    Recipe r =
        new Recipe(
            "r",
            model,
            served,
            engine,
            gpu,
            gpus.size(),
            Precision.FP16,
            Metric.LATENCY,
            RecipeType.OPTIMIZED,
            false,
            args,
            env,
            null,
            new RecipeSource("r.yaml", RecipeSource.Format.AIM_PROFILE, null));
    return new Plan(
        model,
        served,
        engine,
        gpu,
        gpus.size(),
        gpus,
        gpus.size(),
        1,
        Precision.FP16,
        Metric.LATENCY,
        r,
        null,
        List.of(),
        List.of(),
        List.of(),
        ModelFacts.unknown(model),
        null);
  }

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void vllmRendersAimProfileArgsAsArgparseReadsThem() {
    Plan p =
        plan(
            EngineKind.VLLM,
            "MI300X",
            List.of(2, 3),
            "Qwen/Qwen3-32B",
            "Qwen/Qwen3-32B",
            args(
                "async-scheduling",
                null,
                "distributed_executor_backend",
                "mp",
                "dtype",
                "float16",
                "gpu-memory-utilization",
                0.9,
                "max-model-len",
                32768L,
                "no-enable-prefix-caching",
                null,
                "enforce-eager",
                false,
                "compilation-config",
                Map.of("level", 3L),
                "tensor-parallel-size",
                2L,
                "port",
                9999L,
                "model",
                "ignored"),
            Map.of("VLLM_ROCM_USE_AITER", "1"));

    LaunchSpec s = new VllmAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv())
        .containsExactly(
            "vllm",
            "serve",
            "Qwen/Qwen3-32B",
            "--async-scheduling",
            "--distributed-executor-backend",
            "mp",
            "--dtype",
            "float16",
            "--gpu-memory-utilization",
            "0.9",
            "--max-model-len",
            "32768",
            "--no-enable-prefix-caching",
            "--no-enforce-eager",
            "--compilation-config",
            "{\"level\":3}",
            "--tensor-parallel-size",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            "9999");
    assertThat(s.port()).isEqualTo(9999);
    assertThat(s.env())
        .containsEntry("VLLM_ROCM_USE_AITER", "1")
        .containsEntry("HIP_VISIBLE_DEVICES", "2,3")
        .containsEntry("CUDA_VISIBLE_DEVICES", "2,3");
    assertThat(s.unsetEnv()).containsExactly("ROCR_VISIBLE_DEVICES");
    assertThat(s.healthPath()).isEqualTo("/health");
    assertThat(s.readinessPath()).isEqualTo("/v1/models");
  }

  @Test
  void theLastOfAFlagAndItsNegationWins() {
    Plan p =
        plan(
            EngineKind.VLLM,
            "MI300X",
            List.of(0),
            "m/x",
            "m/x",
            args("enable-prefix-caching", null, "no-enable-prefix-caching", null),
            Map.of());

    assertThat(new VllmAdapter().launchSpec(p, LaunchOptions.defaults()).argv())
        .contains("--no-enable-prefix-caching")
        .doesNotContain("--enable-prefix-caching");
  }

  @Test
  void aDifferentCheckpointIsServedUnderTheRequestedName() {
    Plan p =
        plan(
            EngineKind.VLLM,
            "MI300X",
            List.of(0),
            "Qwen/Qwen3-32B",
            "Qwen/Qwen3-32B-FP8",
            args(),
            Map.of());

    LaunchSpec s = new VllmAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv())
        .containsSubsequence(
            "serve", "Qwen/Qwen3-32B-FP8", "--served-model-name", "Qwen/Qwen3-32B");
    assertThat(s.servedModelName()).isEqualTo("Qwen/Qwen3-32B");
  }

  @Test
  void nvidiaGetsCudaDeviceOrderAndGpusFlagInDocker() {
    Plan p =
        plan(
            EngineKind.VLLM,
            "H100",
            List.of(0, 1),
            "m/x",
            "m/x",
            args("tensor-parallel-size", 2L),
            Map.of());

    LaunchSpec s = new VllmAdapter().launchSpec(p, LaunchOptions.defaults().withName("ep"));

    assertThat(s.env())
        .containsEntry("CUDA_DEVICE_ORDER", "PCI_BUS_ID")
        .containsEntry("CUDA_VISIBLE_DEVICES", "0,1")
        .doesNotContainKey("HIP_VISIBLE_DEVICES");
    assertThat(s.unsetEnv()).isEmpty();
    assertThat(s.container().image()).isEqualTo("vllm/vllm-openai:v0.11.2");
    assertThat(s.container().imageVouched()).isTrue();
    assertThat(s.container().gpuIds()).containsExactly("0", "1");
    assertThat(s.container().dockerRun())
        .containsSubsequence("--gpus", "\"device=0,1\"")
        .contains("--ipc=host")
        .doesNotContain("/dev/kfd");
  }

  @Test
  void rocmContainerGetsKfdDriGroupsIpcAndReadOnlyCache() {
    Plan p = plan(EngineKind.VLLM, "MI300X", List.of(0), "m/x", "m/x", args(), Map.of());

    LaunchSpec s =
        new VllmAdapter()
            .launchSpec(
                p, LaunchOptions.defaults().withName("ep").withCache(Path.of("/data/hf"), true));

    assertThat(s.env()).containsEntry("HF_HOME", "/data/hf").containsEntry("HF_HUB_OFFLINE", "1");
    assertThat(s.container().dockerRun())
        .containsSubsequence("--device", "/dev/kfd", "--device", "/dev/dri")
        .containsSubsequence("--group-add", "video", "--group-add", "render")
        .containsSubsequence("--shm-size", (8L << 30) + "b")
        .containsSubsequence("--security-opt", "seccomp=unconfined")
        .containsSubsequence("-e", "HF_HOME=/workspace/model-cache")
        .containsSubsequence("-v", "/data/hf:/workspace/model-cache:ro")
        .containsSubsequence("-p", "127.0.0.1:8000:8000")
        .containsSubsequence(
            "--entrypoint", "vllm", "rocm/vllm:rocm7.0.0_vllm_0.11.2_20251210", "serve", "m/x")
        .containsSubsequence("--host", "0.0.0.0", "--port", "8000");
  }

  @Test
  void sglangUsesItsOwnEntryPointBindsExplicitlyAndEnablesMetrics() {
    Plan p =
        plan(
            EngineKind.SGLANG,
            "MI300X",
            List.of(0, 1),
            "m/x",
            "m/x",
            args("tp-size", 2L, "trust-remote-code", "false", "disable-radix-cache", true),
            Map.of("SGLANG_USE_AITER", "1"));

    LaunchSpec s = new SglangAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv())
        .containsExactly(
            "python3",
            "-m",
            "sglang.launch_server",
            "--model-path",
            "m/x",
            "--tp-size",
            "2",
            "--disable-radix-cache",
            "--enable-metrics",
            "--host",
            "127.0.0.1",
            "--port",
            "30000");
    assertThat(s.port()).isEqualTo(30000);
    assertThat(s.env())
        .containsEntry("SGLANG_USE_AITER", "1")
        .containsEntry("HIP_VISIBLE_DEVICES", "0,1")
        .containsEntry("CUDA_VISIBLE_DEVICES", "0,1");
    assertThat(s.unsetEnv()).containsExactly("ROCR_VISIBLE_DEVICES");
    assertThat(s.servedModelName()).isEqualTo("m/x");
  }

  @Test
  void sglangServesADifferentCheckpointUnderTheRequestedName() {
    Plan p =
        plan(
            EngineKind.SGLANG,
            "MI300X",
            List.of(0),
            "Qwen/Qwen3-32B",
            "Qwen/Qwen3-32B-FP8",
            args(),
            Map.of());

    LaunchSpec s = new SglangAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv())
        .containsSubsequence(
            "--model-path", "Qwen/Qwen3-32B-FP8", "--served-model-name", "Qwen/Qwen3-32B");
    assertThat(s.container().dockerRun())
        .containsSubsequence("--served-model-name", "Qwen/Qwen3-32B");
    assertThat(s.servedModelName()).isEqualTo("Qwen/Qwen3-32B");
  }

  @Test
  void aRecipesOwnServedNameIsKeptAndNotAddedTwice() {
    Plan p =
        plan(
            EngineKind.SGLANG,
            "MI300X",
            List.of(0),
            "Qwen/Qwen3-32B",
            "Qwen/Qwen3-32B-FP8",
            args("served-model-name", "qwen"),
            Map.of());

    LaunchSpec s = new SglangAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv().stream().filter("--served-model-name"::equals)).hasSize(1);
    assertThat(s.argv()).containsSubsequence("--served-model-name", "qwen");
    assertThat(s.servedModelName()).isEqualTo("qwen");
  }

  static Stream<EngineAdapter> adapters() {
    return Stream.of(new VllmAdapter(), new SglangAdapter(), new LlamaCppAdapter());
  }

  @ParameterizedTest
  @MethodSource("adapters")
  void everyEngineListensOnLoopbackUnlessAskedForMore(EngineAdapter a) {
    Plan p = plan(a.kind(), "MI300X", List.of(0), "m/x", "m/x", args(), Map.of());
    int port = a.defaultPort();

    LaunchSpec s = a.launchSpec(p, LaunchOptions.defaults());

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.argv()).containsSubsequence("--host", "127.0.0.1");
    assertThat(s.argv()).doesNotContain("0.0.0.0");
    // In a container the engine binds the container's interfaces; only loopback publishes them.
    assertThat(s.container().dockerRun())
        .containsSubsequence("-p", "127.0.0.1:" + port + ":" + port)
        .containsSubsequence("--host", "0.0.0.0");
  }

  @ParameterizedTest
  @MethodSource("adapters")
  void everyEngineListensOnEveryInterfaceOnlyWhenTold(EngineAdapter a) {
    Plan p = plan(a.kind(), "MI300X", List.of(0), "m/x", "m/x", args(), Map.of());
    int port = a.defaultPort();

    LaunchSpec s = a.launchSpec(p, LaunchOptions.defaults().withHost("0.0.0.0"));

    assertThat(s.argv()).containsSubsequence("--host", "0.0.0.0");
    assertThat(s.container().dockerRun()).containsSubsequence("-p", port + ":" + port);
  }

  @Test
  void aRecipeCannotChooseTheBindAddress() {
    Plan p =
        plan(
            EngineKind.VLLM, "MI300X", List.of(0), "m/x", "m/x", args("host", "0.0.0.0"), Map.of());

    LaunchSpec s = new VllmAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv()).doesNotContain("0.0.0.0");
  }

  @Test
  void localModelDirectoriesAreMountedIntoContainers() {
    Plan p =
        plan(
            EngineKind.VLLM,
            "MI300X",
            List.of(0),
            "/models/qwen",
            "/models/qwen",
            args(),
            Map.of());

    LaunchSpec s = new VllmAdapter().launchSpec(p, LaunchOptions.defaults());

    assertThat(s.argv()).containsSubsequence("serve", "/models/qwen");
    assertThat(s.container().dockerRun())
        .containsSubsequence("-v", "/models/qwen:/workspace/model:ro")
        .containsSubsequence("serve", "/workspace/model");
  }

  @Test
  void endpointNamesFollowTheOriginalDesign() {
    Plan p =
        plan(
            EngineKind.VLLM,
            "MI300X",
            List.of(0, 1, 2, 3),
            "Qwen/Qwen3-32B",
            "Qwen/Qwen3-32B",
            args(),
            Map.of());

    assertThat(EndpointName.base(p)).isEqualTo("aim-engine-qwen-qwen3-32b-4gpu-fp16-vllm");
    assertThat(EndpointName.slug("/tmp/x/Tiny_Llama.gguf")).isEqualTo("tiny-llama");
  }
}
