package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import io.aimengine.runtime.container.ContainerRuntime;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container engine opened ahead ({@link App#containerEngineAhead}) is the one the launch then
 * uses, and an engine that does not answer fails the launch as an engine asked on demand does.
 */
class AppContainerEngineAheadTest {
  @TempDir Path home;

  private App app(String dockerHost) {
    return new App(
        new Settings(Map.of("AIM_HOME", home.toString(), "DOCKER_HOST", dockerHost), home));
  }

  @Test
  void theEngineOpenedAheadIsTheOneTheLaunchUses() throws Exception {
    try (DockerApiStandIn api = new DockerApiStandIn(home.resolve("docker.sock"))) {
      App app = app(api.host());
      app.containerEngineAhead("container");
      ContainerRuntime r = (ContainerRuntime) app.runtimes().get("container");

      assertThat(r.engine().host()).isEqualTo(api.host());
      app.close();
    }
  }

  @Test
  void anEngineThatDoesNotAnswerFailsTheLaunchWithTheSameLine() {
    String none = "unix://" + home.resolve("nothing.sock");
    App ahead = app(none);
    ahead.containerEngineAhead("container");

    assertThatThrownBy(() -> ahead.runtimes().get("container"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("no container engine answers (tried " + none + ")");
    assertThatThrownBy(() -> app(none).runtimes().get("container"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("no container engine answers (tried " + none + ")");
    ahead.close();
  }
}
