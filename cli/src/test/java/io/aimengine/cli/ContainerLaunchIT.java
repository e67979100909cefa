package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.testsupport.TinyGguf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch --runtime container} on a real container engine (Podman in CI) with AIM Engine's
 * CPU image: the acceptance path and its faults. Every container a test creates is removed after
 * it, even when it fails.
 */
class ContainerLaunchIT {
  @TempDir Path dir;
  Map<String, String> env;
  final List<String> names = new ArrayList<>();
  Path model;

  @BeforeEach
  void setUp() throws Exception {
    PodmanFixture.image();
    model = TinyGguf.write(dir.resolve("models/tiny.gguf"));
    env =
        new HashMap<>(Map.of("AIM_HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin"));
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

  private String name() {
    String n = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    names.add(n);
    return n;
  }

  private List<String> launchArgs(String name, Path m, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "launch",
                m.toString(),
                "--backend",
                "llamacpp",
                "--runtime",
                "container",
                "--detach",
                "--host",
                "127.0.0.1",
                "--name",
                name,
                "--port",
                String.valueOf(StandIn.freePort())));
    a.addAll(List.of(more));
    return a;
  }

  private CliRun launch(String name, Path m, String... more) {
    return Launcher.run(env, launchArgs(name, m, more).toArray(String[]::new));
  }

  private JsonNode row(String name) {
    for (JsonNode e : StandIn.json(Launcher.run(env, "list", "--json").out())) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no row " + name);
  }

  @Test
  void launchChatListLogsStopLeavesNoContainer() throws Exception {
    String name = name();
    CliRun launch = launch(name, model);
    assertThat(launch.code()).as(launch.err()).isZero();
    assertThat(launch.err()).contains("runtime container");
    assertThat(launch.out()).containsPattern("smoke completion: [1-9][0-9]* tokens");
    assertThat(launch.out()).contains("container ", PodmanFixture.IMAGE);

    JsonNode e = row(name);
    assertThat(e.path("runtime").asText()).isEqualTo("container");
    assertThat(e.path("state").asText()).isEqualTo("ready");
    String id = e.path("container_id").asText();
    assertThat(PodmanFixture.exists(id)).isTrue();
    assertThat(PodmanFixture.containers(name)).hasSize(1);

    HttpResponse<String> chat =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(e.path("url").asText() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                                + "\"max_tokens\":8}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(StandIn.json(chat.body()).at("/usage/completion_tokens").asInt()).isPositive();

    CliRun logs = Launcher.run(env, "logs", name);
    assertThat(logs.code()).isZero();
    assertThat(logs.out()).contains("aim-llama-server: listening");

    CliRun stop = Launcher.run(env, "stop", name);
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(PodmanFixture.exists(id)).isFalse();
    assertThat(row(name).path("state").asText()).isEqualTo("stopped");
    // The log outlives the container.
    CliRun after = Launcher.run(env, "logs", name);
    assertThat(after.out()).contains("aim-llama-server: stopped");
  }

  @Test
  void theEngineLogFileGrowsWhileTheContainerRuns() throws Exception {
    String name = name();
    CliRun launch = launch(name, model);
    assertThat(launch.code()).as(launch.err()).isZero();
    Path log = dir.resolve("home/logs/" + name + ".log");
    assertThat(launch.out()).contains(log.toString());
    String id = row(name).path("container_id").asText();

    // As for a process: the engine's output is in AIM_HOME/logs/NAME.log while it runs (the
    // container's log API streamed into it, no timestamps), not only once the container is gone.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(java.nio.file.Files.readString(log))
                    .contains("aim-llama-server: listening", "model loaded in"));
    assertThat(PodmanFixture.exists(id)).isTrue();
    assertThat(java.nio.file.Files.readString(log)).doesNotContainPattern("(?m)^\\d{4}-\\d\\d-");

    CliRun stop = Launcher.run(env, "stop", name);
    assertThat(stop.code()).as(stop.err()).isZero();
    String after = java.nio.file.Files.readString(log);
    assertThat(after).contains("aim-llama-server: stopped");
    assertThat(count(after, "aim-llama-server: listening")).isEqualTo(1);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aMissingImageIsOneLineExitOneAndLeavesNothing() {
    String name = name();
    CliRun never =
        launch(name, model, "--image", "localhost/aim-engine-missing:0", "--pull", "never");
    assertThat(never.code()).isEqualTo(1);
    assertThat(never.err())
        .contains("image localhost/aim-engine-missing:0 is not here and --pull never")
        .doesNotContain("Exception");

    CliRun pull = launch(name, model, "--image", "localhost/aim-engine-missing:0");
    assertThat(pull.code()).isEqualTo(1);
    assertThat(pull.err()).contains("cannot pull localhost/aim-engine-missing:0");
    assertThat(PodmanFixture.containers(name)).isEmpty();
    assertThat(row(name).path("state").asText()).isEqualTo("failed");
  }

  @Test
  void aModelTheImagesNonRootUserCannotReadIsOneLineExitThreeAndLeavesNothing() throws Exception {
    Path closed = TinyGguf.write(dir.resolve("closed/tiny.gguf"));
    java.nio.file.Files.setPosixFilePermissions(
        closed.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    String name = name();
    CliRun launch = launch(name, closed);
    assertThat(launch.code()).as(launch.err()).isEqualTo(3);
    assertThat(launch.err())
        .contains("runs as user 'aim', not root: it cannot read " + closed.getParent())
        .doesNotContain("Exception");
    assertThat(PodmanFixture.containers(name)).isEmpty();
    assertThat(row(name).path("state").asText()).isEqualTo("failed");
  }

  @Test
  void anEngineThatExitsDuringLoadReportsItsExitCodeAndLogTail() throws Exception {
    // The header plans fine; the tensors are cut off, so llama.cpp fails to load.
    Path broken = TinyGguf.write(dir.resolve("models/broken.gguf"));
    try (FileChannel ch = FileChannel.open(broken, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    String name = name();
    CliRun launch = launch(name, broken);
    assertThat(launch.code()).as(launch.out()).isEqualTo(1);
    assertThat(launch.err()).containsPattern("exit code [1-9]").contains("last ", " lines of ");
    assertThat(PodmanFixture.containers(name)).isEmpty();
    assertThat(row(name).path("state").asText()).isEqualTo("failed");
  }

  @Test
  void anEngineThatNeverBecomesHealthyIsRemovedAtTheTimeout() {
    String name = name();
    // A 1 ms budget: no JVM in a fresh container binds its port that fast, however idle the host
    // (a 1 s budget was not enough on an idle machine: the tiny model was healthy in time).
    CliRun launch = launch(name, model, "--timeout", "1ms");
    assertThat(launch.code()).as(launch.err()).isEqualTo(1);
    assertThat(launch.err()).contains("waiting up to 0 s for /health");
    assertThat(PodmanFixture.containers(name)).isEmpty();
    assertThat(row(name).path("state").asText()).isEqualTo("failed");
  }

  @Test
  void aContainerKilledOutsideShowsExited137() {
    String name = name();
    CliRun launch = launch(name, model);
    assertThat(launch.code()).as(launch.err()).isZero();
    String id = row(name).path("container_id").asText();

    PodmanFixture.engine().client().killContainerCmd(id).exec();

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(row(name).path("state").asText()).isEqualTo("exited"));
    assertThat(row(name).path("exit_code").asInt()).isEqualTo(137);
    assertThat(Launcher.run(env, "list").out()).contains("exited (137)");
    assertThat(PodmanFixture.exists(id)).isFalse();
  }

  @Test
  void aCrashedContainerIsRestartedByThePolicyUntilTheBreakerOpens() throws Exception {
    String name = name();
    CliRun launch =
        launch(
            name,
            model,
            "--restart",
            "on-failure",
            "--max-restarts",
            "1",
            "--restart-window",
            "10m");
    assertThat(launch.code()).as(launch.err()).isZero();
    JsonNode e = row(name);
    String id = e.path("container_id").asText();
    String url = e.path("url").asText();

    // Crash 1 (the engine's container dies after it was ready): the monitor starts the same
    // container again after the 1 s back-off, and it serves again.
    PodmanFixture.engine().client().killContainerCmd(id).exec();
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                row(name).path("restarts").asInt() == 1
                    && http.send(
                                HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                                HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                        == 200);
    assertThat(row(name).path("state").asText()).isEqualTo("ready");
    assertThat(row(name).path("container_id").asText()).isEqualTo(id);
    assertThat(Launcher.run(env, "status", name).out()).contains("restart");
    // The log file follows the restarted container too, without repeating the first run's lines.
    Path log = dir.resolve("home/logs/" + name + ".log");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(count(java.nio.file.Files.readString(log), "model loaded in"))
                    .isEqualTo(2));

    // Crash 2 within the window: more than --max-restarts 1, the breaker opens; nothing is left.
    PodmanFixture.engine().client().killContainerCmd(id).exec();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(row(name).path("state").asText()).isEqualTo("exited"));
    assertThat(row(name).path("last_error").asText()).startsWith("restart policy gave up");
    assertThat(row(name).path("exit_code").asInt()).isEqualTo(137);
    assertThat(PodmanFixture.containers(name)).isEmpty();
    assertThat(count(java.nio.file.Files.readString(log), "model loaded in")).isEqualTo(2);
  }

  @Test
  void aStoppedContainerIsNotRestartedByThePolicy() throws Exception {
    String name = name();
    CliRun launch = launch(name, model, "--restart", "on-failure");
    assertThat(launch.code()).as(launch.err()).isZero();
    long monitor = row(name).path("pid").asLong();
    assertThat(monitor).isPositive();

    CliRun stop = Launcher.run(env, "stop", name, "--timeout", "5s");
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(row(name).path("state").asText()).isEqualTo("stopped");
    // Past the 1 s back-off a restart would have made the container again.
    Awaitility.await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> PodmanFixture.containers(name).isEmpty());
    assertThat(ProcessHandle.of(monitor).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aLauncherKilledDuringStartUpLeavesStoreAndEngineInAgreement() throws Exception {
    String name = name();
    List<String> args = launchArgs(name, model, "--timeout", "120s");
    Process cli = Launcher.builder(env, args.toArray(String[]::new)).start();
    try {
      // Kill it once its container exists, before it is ready.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !PodmanFixture.containers(name).isEmpty());
      cli.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
      cli.waitFor(10, TimeUnit.SECONDS);
    } finally {
      cli.destroyForcibly();
    }

    JsonNode e = row(name); // a new CLI reconciles
    assertThat(e.path("state").asText()).isEqualTo("failed");
    assertThat(e.path("last_error").asText()).contains("during start-up");
    assertThat(PodmanFixture.containers(name)).isEmpty();
    // The monitor abandons the start-up by itself once its launcher is gone (it looks every 0.2 s,
    // then stops its attach): its processes end, though a quick CLI can reconcile before they have.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                io.aimengine.testsupport.LeavesNoProcess.leftBehind(List.of(dir.toString()))
                    .isEmpty());
  }

  @Test
  void theImageServesFromAmdsEnvironmentContractAlone() throws Exception {
    String name = name();
    int port = StandIn.freePort();
    var docker = PodmanFixture.engine().client();
    var exposed = com.github.dockerjava.api.model.ExposedPort.tcp(8000);
    String id =
        docker
            .createContainerCmd(PodmanFixture.IMAGE)
            .withName(name)
            .withLabels(Map.of(io.aimengine.core.engine.ContainerSpec.LABEL_ENDPOINT, name))
            .withEnv(
                "AIM_MODEL_ID=/workspace/model/tiny.gguf",
                "AIM_ENGINE=llamacpp",
                "AIM_PORT=8000",
                "AIM_ENGINE_ARGS={\"parallel\": 2}")
            .withExposedPorts(exposed)
            .withHostConfig(
                com.github.dockerjava.api.model.HostConfig.newHostConfig()
                    .withBinds(
                        com.github.dockerjava.api.model.Bind.parse(
                            model.getParent() + ":/workspace/model:ro"))
                    .withPortBindings(
                        new com.github.dockerjava.api.model.PortBinding(
                            com.github.dockerjava.api.model.Ports.Binding.bindIpAndPort(
                                "127.0.0.1", port),
                            exposed)))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();

    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/models"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("/workspace/model/tiny.gguf"));
  }
}
