package io.aimengine.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerRequestWarmUpTest {
  @TempDir Path dir;

  private static int cached(ContainerEngine e) {
    return ((com.fasterxml.jackson.databind.ser.DefaultSerializerProvider)
            e.json().getSerializerProvider())
        .cachedSerializersCount();
  }

  @Test
  void warmingUpBuildsTheClientsJsonMappingWithoutAskingTheEngineAndChangesNoRequest()
      throws Exception {
    // No engine listens on this socket: the warm-up must not need one.
    ContainerEngine cold =
        ContainerEngine.open("unix://" + dir.resolve("none.sock"), Duration.ZERO);
    ContainerEngine warm =
        ContainerEngine.open("unix://" + dir.resolve("none.sock"), Duration.ZERO);
    assertThat(cached(warm)).isZero();

    ContainerRequest.warmUp(warm);

    assertThat(cached(warm)).as("serializers the create request needs").isPositive();
    assertThat(
            warm.json()
                .writeValueAsString(
                    ContainerRequest.of(warm.client(), ContainerRequest.EVERY_FIELD)))
        .isEqualTo(
            cold.json()
                .writeValueAsString(
                    ContainerRequest.of(cold.client(), ContainerRequest.EVERY_FIELD)));
  }
}
