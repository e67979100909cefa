package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache's training of the container path runs the whole launch, list, logs and stop
 * against the Docker API stand-in: were the stand-in to drift from what the container runtime asks,
 * the training would silently train less, and container launches would load docker-java from the
 * jar again.
 */
class ContainerTrainingTest {
  @TempDir Path home;

  @Test
  void aContainerLaunchBecomesReadyAndItsStopRemovesTheContainer() throws Exception {
    String out = LaunchTraining.containerRun(home);

    assertThat(out)
        .contains("aot-container is ready at http://127.0.0.1:")
        .contains("smoke completion: 4 tokens")
        .contains("stand-in engine: listening") // logs, from the API's frames
        .contains("stopped aot-container");
  }

  @Test
  void theStandInAnswersAsTheEngineDoesForAMissingContainerAndANameInUse() throws Exception {
    try (DockerApiStandIn api = new DockerApiStandIn(home.resolve("docker.sock"));
        var docker =
            DockerClientImpl.getInstance(
                DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(api.host())
                    .build(),
                new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(api.host())).build())) {
      assertThatThrownBy(() -> docker.inspectContainerCmd("nope").exec())
          .isInstanceOf(NotFoundException.class);
      String id = docker.createContainerCmd("img").withName("one").exec().getId();
      assertThatThrownBy(() -> docker.createContainerCmd("img").withName("one").exec())
          .isInstanceOf(ConflictException.class);
      docker.startContainerCmd(id).exec();
      assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
      docker.stopContainerCmd(id).exec();
      assertThat(docker.inspectContainerCmd(id).exec().getState().getExitCodeLong())
          .isEqualTo(143L);
      docker.removeContainerCmd(id).exec();
      assertThat(api.containers()).isZero();
    }
  }
}
