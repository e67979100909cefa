package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU ledger with the container runtime, on a real container engine: an assumed 8 × H100 host
 * (AIM_GPU_MODEL/AIM_GPU_COUNT) whose vLLM plans run {@link PodmanFixture#vllmStandIn} (Podman
 * ignores the NVIDIA device request, so the container runs here without GPUs).
 */
class ContainerGpuIT {
  static final String MODEL = "Qwen/Qwen3-8B";
  @TempDir Path dir;
  Map<String, String> env;
  String image;
  final List<String> names = new ArrayList<>(List.of("race-0", "race-1", "second"));

  @BeforeEach
  void setUp() {
    image = PodmanFixture.vllmStandIn(dir.resolve("stand-in"));
    Path home = dir.resolve("home");
    StandIn.cacheModel(home.resolve("cache/hub"), MODEL);
    env = new HashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("AIM_HOME", home.toString());
    env.put("AIM_GPU_MODEL", "H100");
    env.put("AIM_GPU_COUNT", "8");
    env.put("DOCKER_HOST", PodmanFixture.engine().host());
  }

  @AfterEach
  void cleanUp() {
    if (env == null) {
      return; // skipped: no container engine answered in setUp
    }
    Launcher.run(env, "stop", "--all", "--timeout", "5s");
    PodmanFixture.removeAll(names);
  }

  private CliRun launch(String name) {
    return Launcher.run(
        env,
        "launch",
        MODEL,
        "8",
        "--backend",
        "vllm",
        "--runtime",
        "container",
        "--image",
        image,
        "--detach",
        "--host",
        "127.0.0.1",
        "--name",
        name,
        "--port",
        String.valueOf(StandIn.freePort()),
        "--timeout",
        "120s");
  }

  private JsonNode rows() {
    return StandIn.json(Launcher.run(env, "list", "--json").out());
  }

  private JsonNode row(String name) {
    for (JsonNode e : rows()) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no row " + name);
  }

  @Test
  void twoLaunchesRacingForTheSameGpusOneWinsTheOtherLeavesNothing() {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<CliRun>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String name = "race-" + i;
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return launch(name);
              }));
    }
    go.countDown();
    List<CliRun> done = runs.stream().map(CompletableFuture::join).toList();
    assertThat(done).filteredOn(r -> r.code() == 0).as(done.toString()).hasSize(1);
    int w = done.get(0).code() == 0 ? 0 : 1;
    String winner = "race-" + w;
    String loser = "race-" + (1 - w);
    CliRun lost = done.get(1 - w);
    assertThat(lost.code()).as(lost.err()).isEqualTo(3);
    assertThat(lost.err()).containsAnyOf("held by endpoint " + winner, "held by other endpoints");

    assertThat(row(winner).path("state").asText()).isEqualTo("ready");
    assertThat(row(winner).path("gpus").toString()).isEqualTo("[0,1,2,3,4,5,6,7]");
    assertThat(PodmanFixture.containers(winner)).hasSize(1);
    // The loser: no container, a failed row that holds nothing, no lease.
    assertThat(PodmanFixture.containers(loser)).isEmpty();
    rows()
        .forEach(
            e -> {
              if (e.path("name").asText().equals(loser)) {
                assertThat(e.path("state").asText()).isEqualTo("failed");
              }
            });
    assertThat(Path.of(env.get("AIM_HOME"), "run", loser, "lease.json")).doesNotExist();
  }

  @Test
  void afterStateDbIsLostARunningContainerStillHoldsItsGpus() throws Exception {
    CliRun first = launch("race-0");
    assertThat(first.code()).as(first.err()).isZero();
    String id = row("race-0").path("container_id").asText();

    Path home = Path.of(env.get("AIM_HOME"));
    for (String f : List.of("state.db", "state.db-wal", "state.db-shm")) {
      Files.deleteIfExists(home.resolve(f));
    }

    // The row is rebuilt from the container's lease: its GPUs are not handed out again.
    CliRun second = launch("second");
    assertThat(second.code()).as(second.out()).isEqualTo(3);
    assertThat(second.err()).contains("held by endpoint race-0");
    assertThat(PodmanFixture.containers("second")).isEmpty();
    JsonNode adopted = row("race-0");
    assertThat(adopted.path("runtime").asText()).isEqualTo("container");
    assertThat(adopted.path("container_id").asText()).isEqualTo(id);

    // And stop still finds and removes its container.
    CliRun stop = Launcher.run(env, "stop", "race-0", "--timeout", "5s");
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(PodmanFixture.exists(id)).isFalse();
  }
}
