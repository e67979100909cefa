package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeSource;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
  private static Plan plan(EngineKind engine, String gpu, List<Integer> gpus, String version) {
    Recipe r =
        new Recipe(
            "r",
            "m/x",
            "m/x",
            engine,
            gpu,
            gpus.size(),
            Precision.FP16,
            Metric.LATENCY,
            RecipeType.OPTIMIZED,
            false,
            Map.of(),
            Map.of(),
            null,
            new RecipeSource("r.yaml", RecipeSource.Format.AIM_PROFILE, null));
    return new Plan(
        "m/x",
        "m/x",
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
        ModelFacts.unknown("m/x"),
        version);
  }

  @Test
  void rocmContainerGetsOnlyThePlannedGpusRenderNodesWhenTheHostNamesThem() {
    Plan p = plan(EngineKind.VLLM, "MI300X", List.of(2, 3), null);
    LaunchOptions o =
        LaunchOptions.defaults()
            .withName("ep")
            .withRenderNodes(
                Map.of(
                    0, "/dev/dri/renderD128",
                    2, "/dev/dri/renderD130",
                    3, "/dev/dri/renderD131"));

    ContainerSpec c = new VllmAdapter().launchSpec(p, o).container();

    assertThat(c.devices())
        .containsExactly("/dev/kfd", "/dev/dri/renderD130", "/dev/dri/renderD131");
    assertThat(c.groups()).containsExactly("video", "render");
    assertThat(c.ipcHost()).isTrue();
    assertThat(c.dockerRun())
        .containsSubsequence("--device", "/dev/dri/renderD130", "--device", "/dev/dri/renderD131")
        .doesNotContain("/dev/dri");
  }

  @Test
  void rocmContainerGetsAllOfDevDriWhenARenderNodeIsUnknown() {
    Plan p = plan(EngineKind.VLLM, "MI300X", List.of(0, 1), null);
    LaunchOptions o = LaunchOptions.defaults().withRenderNodes(Map.of(0, "/dev/dri/renderD128"));

    assertThat(new VllmAdapter().launchSpec(p, o).container().devices())
        .containsExactly("/dev/kfd", "/dev/dri");
  }

  @Test
  void pinnedImageMatchesThePlansEngineVersion() {
    ContainerSpec c =
        new VllmAdapter()
            .launchSpec(
                plan(EngineKind.VLLM, "MI300X", List.of(0), "0.10.2"), LaunchOptions.defaults())
            .container();

    assertThat(c.image()).isEqualTo("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006");
    assertThat(c.imageVouched()).isTrue();
  }

  @Test
  void aVersionWithoutPinnedImageFallsBackToTheNewestButDoesNotVouchForIt() {
    ContainerSpec c =
        new VllmAdapter()
            .launchSpec(
                plan(EngineKind.VLLM, "MI300X", List.of(0), "0.18.0"), LaunchOptions.defaults())
            .container();

    assertThat(c.image()).isEqualTo("rocm/vllm:rocm7.0.0_vllm_0.11.2_20251210");
    assertThat(c.imageVouched()).isFalse();
  }

  @Test
  void imageOverrideIsUsedAndNotVouchedFor() {
    ContainerSpec c =
        new VllmAdapter()
            .launchSpec(
                plan(EngineKind.VLLM, "MI300X", List.of(0), null),
                LaunchOptions.defaults().withImage("my/vllm:custom"))
            .container();

    assertThat(c.image()).isEqualTo("my/vllm:custom");
    assertThat(c.imageVouched()).isFalse();
    assertThat(c.dockerRun()).contains("my/vllm:custom");
  }

  @Test
  void cpuContainerRunsAimEnginesOwnImageWithTheImagesLlamaServerAndLabels() {
    Plan p = plan(EngineKind.LLAMACPP, "CPU", List.of(), null);
    LaunchOptions o =
        LaunchOptions.defaults()
            .withHost("127.0.0.1")
            .withName("tiny")
            .withEngineCommand(List.of("/usr/bin/java", "-jar", "/x/aim-llama-server.jar"));

    LaunchSpec s = new LlamaCppAdapter().launchSpec(p, o);
    ContainerSpec c = s.container();

    assertThat(s.argv()).startsWith("/usr/bin/java");
    assertThat(c.image()).startsWith("localhost/aim-engine-cpu:");
    assertThat(c.entrypoint()).containsExactly("llama-server");
    assertThat(c.cmd()).containsSubsequence("--host", "0.0.0.0");
    assertThat(c.ports()).containsExactly(new ContainerSpec.Port("127.0.0.1", 8080, 8080));
    assertThat(c.devices()).isEmpty();
    assertThat(c.gpuIds()).isEmpty();
    assertThat(c.shmBytes()).isEqualTo(1L << 30);
    assertThat(c.labels())
        .containsEntry(ContainerSpec.LABEL_ENDPOINT, "tiny")
        .containsEntry(ContainerSpec.LABEL_MODEL, "m/x")
        .containsKeys(ContainerSpec.LABEL_PLAN_HASH, ContainerSpec.LABEL_VERSION);
    assertThat(c.dockerRun())
        .containsSubsequence("-p", "127.0.0.1:8080:8080")
        .containsSubsequence("--label", "io.aimengine.endpoint=tiny");
  }

  @Test
  void theImageTableRefusesFloatingTags() {
    assertThatThrownBy(
            () -> EngineImages.parse("vllm\tamd\t0.11.0\trocm/vllm:latest\t\tx\n", "1.0"))
        .hasMessageContaining("rocm/vllm:latest is not pinned");
    assertThatThrownBy(() -> EngineImages.parse("vllm\tamd\t0.11.0\trocm/vllm\t\tx\n", "1.0"))
        .hasMessageContaining("not pinned");
  }

  @Test
  void everyEngineHasAPinnedImagePerVendorItRunsOn() {
    EngineImages t = EngineImages.builtIn();
    for (String vendor : List.of("amd", "nvidia")) {
      assertThat(t.find(EngineKind.VLLM, vendor, null)).isPresent();
      assertThat(t.find(EngineKind.SGLANG, vendor, null)).isPresent();
    }
    assertThat(t.find(EngineKind.LLAMACPP, "cpu", null)).isPresent();
  }

  @Test
  void thePlanHashOfAGivenContainerStaysWhatEarlierReleasesComputed() {
    // Labels of running containers carry it: a release that hashed the same plan differently
    // would see every existing container as changed. Value from the release before Mount's
    // toString was written out.
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("HIP_VISIBLE_DEVICES", "0,1");
    env.put("HF_HUB_OFFLINE", "1");
    assertThat(
            Devices.planHash(
                "rocm/vllm:tag",
                List.of("vllm", "serve", "Qwen/Qwen3-32B", "--tensor-parallel-size", "2"),
                env,
                List.of(
                    new ContainerSpec.Mount(
                        "/home/u/.aim-engine/cache", "/workspace/model-cache", true),
                    new ContainerSpec.Mount("/models/x", "/models/x", false))))
        .isEqualTo("bb1b40a694faa50d");
  }

  /** The record form a mount had before it was written out: the plan hash includes it. */
  private record Mount(String source, String target, boolean readOnly) {}

  @Test
  void aMountPrintsAsTheRecordDidSoPlanHashesDoNotChange() {
    assertThat(new ContainerSpec.Mount("/cache", "/root/.cache", true))
        .hasToString(new Mount("/cache", "/root/.cache", true).toString())
        .hasToString("Mount[source=/cache, target=/root/.cache, readOnly=true]");
    assertThat(new ContainerSpec.Mount("/m", "/model", false))
        .hasToString(new Mount("/m", "/model", false).toString());
  }
}
