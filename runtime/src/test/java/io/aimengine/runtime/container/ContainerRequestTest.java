package io.aimengine.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeSource;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.ContainerSpec;
import io.aimengine.core.engine.EngineAdapter;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GPU wiring checked on the request body the container runtime sends to the Docker Engine API
 * (this machine has no GPU device files): the plan's {@link ContainerSpec} rendered by {@link
 * ContainerRequest} and serialised by docker-java's own mapper, as its transport does.
 */
class ContainerRequestTest {
  private static Plan plan(String gpu, List<Integer> gpus, int tp) {
    Recipe r =
        new Recipe(
            "r",
            "m/x",
            "m/x",
            EngineKind.VLLM,
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
        EngineKind.VLLM,
        gpu,
        gpus.size(),
        gpus,
        tp,
        1,
        Precision.FP16,
        Metric.LATENCY,
        r,
        null,
        List.of(),
        List.of(),
        List.of(),
        ModelFacts.unknown("m/x"),
        null);
  }

  /** The JSON body of POST /containers/create for a plan. */
  private static JsonNode body(Plan p, LaunchOptions o) throws Exception {
    ContainerSpec c = EngineAdapter.of(p.engine()).launchSpec(p, o).container();
    CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(command -> null, null, c.image());
    ContainerRequest.render(cmd, c);
    var mapper = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getObjectMapper();
    return mapper.readTree(mapper.writeValueAsString(cmd));
  }

  @Test
  void rocmRequestPassesKfdThePlannedRenderNodesGroupsSeccompAndHostIpc() throws Exception {
    JsonNode b =
        body(
            plan("MI300X", List.of(1, 2), 2),
            LaunchOptions.defaults()
                .withHost("127.0.0.1")
                .withName("ep")
                .withCache(Path.of("/data/hf"), true)
                .withRenderNodes(
                    Map.of(
                        0, "/dev/dri/renderD128",
                        1, "/dev/dri/renderD129",
                        2, "/dev/dri/renderD130")));
    JsonNode h = b.path("HostConfig");

    assertThat(h.path("Devices").findValuesAsText("PathOnHost"))
        .containsExactly("/dev/kfd", "/dev/dri/renderD129", "/dev/dri/renderD130");
    assertThat(h.path("Devices").findValuesAsText("PathInContainer"))
        .containsExactly("/dev/kfd", "/dev/dri/renderD129", "/dev/dri/renderD130");
    assertThat(h.path("GroupAdd").toString()).isEqualTo("[\"video\",\"render\"]");
    assertThat(h.path("SecurityOpt").toString()).contains("seccomp=unconfined");
    assertThat(h.path("CapAdd").toString()).contains("SYS_PTRACE");
    assertThat(h.path("IpcMode").asText()).isEqualTo("host");
    assertThat(h.path("DeviceRequests").isMissingNode() || h.path("DeviceRequests").isEmpty())
        .isTrue();
    assertThat(h.path("Binds").toString()).contains("/data/hf:/workspace/model-cache:ro");
    assertThat(h.path("PortBindings").path("8000/tcp").get(0).path("HostIp").asText())
        .isEqualTo("127.0.0.1");
    assertThat(b.path("Env").toString())
        .contains("HIP_VISIBLE_DEVICES=1,2")
        .contains("HF_HOME=/workspace/model-cache")
        .contains("HF_HUB_OFFLINE=1");
    assertThat(b.path("Labels").path(ContainerSpec.LABEL_ENDPOINT).asText()).isEqualTo("ep");
    assertThat(b.path("Healthcheck").path("Test").toString()).isEqualTo("[\"NONE\"]");
    assertThat(b.path("Image").asText()).startsWith("rocm/vllm:rocm");
  }

  @Test
  void nvidiaRequestAsksForThePlannedGpuIdsAndNoDeviceFiles() throws Exception {
    JsonNode h = body(plan("H100", List.of(0, 3), 1), LaunchOptions.defaults()).path("HostConfig");

    JsonNode req = h.path("DeviceRequests").get(0);
    assertThat(req.path("Driver").asText()).isEqualTo("nvidia");
    assertThat(req.path("DeviceIDs").toString()).isEqualTo("[\"0\",\"3\"]");
    assertThat(req.path("Capabilities").toString()).isEqualTo("[[\"gpu\"]]");
    assertThat(h.path("Devices").isEmpty()).isTrue();
    // One GPU per worker: a sized /dev/shm rather than the host's IPC namespace.
    assertThat(h.path("ShmSize").asLong()).isEqualTo(8L << 30);
    assertThat(h.path("IpcMode").isMissingNode() || h.path("IpcMode").isNull()).isTrue();
  }

  @Test
  void theRequestAndTheDockerRunLineComeFromOneRecord() throws Exception {
    Plan p = plan("MI300X", List.of(0), 1);
    ContainerSpec c =
        EngineAdapter.of(p.engine()).launchSpec(p, LaunchOptions.defaults()).container();
    JsonNode b = body(p, LaunchOptions.defaults());

    List<String> run = c.dockerRun();
    for (JsonNode d : b.path("HostConfig").path("Devices")) {
      assertThat(run).containsSubsequence("--device", d.path("PathOnHost").asText());
    }
    for (JsonNode e : b.path("Env")) {
      assertThat(run).containsSubsequence("-e", e.asText());
    }
    assertThat(run).containsSubsequence("--entrypoint", b.path("Entrypoint").get(0).asText());
    // Both run as the image's own user (its USER: non-root `aim` in AIM Engine's images) and
    // switch the image's HEALTHCHECK off.
    assertThat(b.path("User").isMissingNode() || b.path("User").isNull()).isTrue();
    assertThat(run).doesNotContain("--user", "-u");
    assertThat(b.path("Healthcheck").path("Test").get(0).asText()).isEqualTo("NONE");
    assertThat(run).contains("--no-healthcheck");
    assertThat(run).contains(b.path("Image").asText());
    assertThat(run.subList(run.indexOf(b.path("Image").asText()) + 1, run.size()))
        .containsExactlyElementsOf(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(
                    b.path("Cmd"),
                    new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}));
  }
}
