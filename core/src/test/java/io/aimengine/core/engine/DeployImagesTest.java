package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.AimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void cpuImageTagIsTheCatalogsLlamaCppCpuImage() throws Exception {
    String script = Files.readString(DEPLOY.resolve("build-image.sh"));

    assertThat(script).contains("TAG=\"localhost/aim-engine-cpu:$VERSION\"");
    assertThat(EngineImages.builtIn().find(EngineKind.LLAMACPP, "cpu", null).orElseThrow().image())
        .isEqualTo("localhost/aim-engine-cpu:" + AimVersion.get());
  }
}
