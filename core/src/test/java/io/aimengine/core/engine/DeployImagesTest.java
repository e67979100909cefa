package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.AimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The images deploy/ builds are the ones the catalog's image table names: the ROCm Dockerfile's
 * base is the newest pinned vLLM image for AMD (it cannot be built here, so this is what can be
 * checked), and the CPU image's tag is the llama.cpp CPU row.
 */
class DeployImagesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");

  @Test
  void rocmDockerfileBaseIsTheNewestPinnedVllmImageForAmd() throws Exception {
    String from =
        Files.readAllLines(DEPLOY.resolve("Dockerfile")).stream()
            .filter(l -> l.startsWith("FROM "))
            .findFirst()
            .orElseThrow()
            .substring("FROM ".length())
            .trim();

    assertThat(from)
        .isEqualTo(
            EngineImages.builtIn().find(EngineKind.VLLM, "amd", null).orElseThrow().reference());
    assertThat(from).doesNotContain(":latest");
  }

  @Test
  void rocmDockerfileDeclaresTheVllmVersionItsBaseShips() throws Exception {
    List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile"));
    String from =
        lines.stream()
            .filter(l -> l.startsWith("FROM "))
            .findFirst()
            .orElseThrow()
            .substring("FROM ".length())
            .trim();
    String declared =
        lines.stream()
            .map(String::trim)
            .filter(l -> l.matches("(ENV )?AIM_ENGINE_VERSION_VLLM=\\S+( \\\\)?"))
            .map(l -> l.replaceAll(".*AIM_ENGINE_VERSION_VLLM=(\\S+).*", "$1"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("deploy/Dockerfile sets no AIM_ENGINE_VERSION_VLLM"));

    EngineImages.Pinned base =
        EngineImages.builtIn().rows().stream()
            .filter(p -> p.reference().equals(from))
            .findFirst()
            .orElseThrow();
    assertThat(declared).isEqualTo(base.engineVersion());
  }

  @Test
  void cpuImageTagIsTheCatalogsLlamaCppCpuImage() throws Exception {
    String script = Files.readString(DEPLOY.resolve("build-image.sh"));

    assertThat(script).contains("TAG=\"localhost/aim-engine-cpu:$VERSION\"");
    assertThat(EngineImages.builtIn().find(EngineKind.LLAMACPP, "cpu", null).orElseThrow().image())
        .isEqualTo("localhost/aim-engine-cpu:" + AimVersion.get());
  }
}
