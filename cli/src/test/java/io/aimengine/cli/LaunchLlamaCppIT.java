package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.testsupport.TinyGguf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance path on any machine: {@code bin/aim-engine launch tiny.gguf --backend llamacpp
 * --detach} with AIM Engine's own llama.cpp server, a real chat completion, stop, and nothing left.
 */
class LaunchLlamaCppIT {
  @TempDir Path dir;
  Map<String, String> env;

  @AfterEach
  void cleanUp() {
    if (env != null) {
      Launcher.run(env, "stop", "--all", "--timeout", "5s");
    }
  }

  @Test
  void launchListChatStopEndsTheWholeProcessGroup() throws Exception {
    Path model = TinyGguf.write(dir.resolve("models/tiny.gguf"));
    int port = StandIn.freePort();
    // Without a llama-server on PATH the CLI runs its own server jar.
    env = Map.of("AIM_HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin");

    CliRun launch =
        Launcher.run(
            env,
            "launch",
            model.toString(),
            "--backend",
            "llamacpp",
            "--detach",
            "--port",
            String.valueOf(port));
    assertThat(launch.code()).as(launch.err()).isZero();
    assertThat(launch.out()).contains("is ready at http://127.0.0.1:" + port + "/v1");
    assertThat(launch.out()).containsPattern("smoke completion: [1-9][0-9]* tokens");

    JsonNode list = StandIn.json(Launcher.run(env, "list", "--json").out());
    assertThat(list).hasSize(1);
    JsonNode e = list.get(0);
    String name = e.path("name").asText();
    assertThat(name).isEqualTo("aim-engine-tiny-cpu-fp16-llamacpp");
    assertThat(e.path("state").asText()).isEqualTo("ready");
    assertThat(e.path("engine").asText()).isEqualTo("llamacpp");
    String url = e.path("url").asText();
    assertThat(url).isEqualTo("http://127.0.0.1:" + port);

    HttpResponse<String> chat =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                                + "\"max_tokens\":8}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(chat.statusCode()).isEqualTo(200);
    JsonNode body = StandIn.json(chat.body());
    assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/usage/completion_tokens").asInt()).isPositive();

    long pgid = e.path("pid").asLong();
    List<Long> members = StandIn.group(pgid);
    assertThat(members).hasSizeGreaterThanOrEqualTo(2); // monitor + server JVM

    CliRun stop = Launcher.run(env, "stop", name);
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(StandIn.group(pgid)).isEmpty();
    for (long pid : members) {
      assertThat(StandIn.live(pid)).as("pid " + pid).isFalse();
    }
    assertThat(StandIn.processesMentioning(model.toString())).isEmpty();

    JsonNode after = StandIn.json(Launcher.run(env, "list", "--json").out()).get(0);
    assertThat(after.path("state").asText()).isEqualTo("stopped");
    assertThat(Launcher.run(env, "list").out()).contains("stopped");
    assertThat(StandIn.portFree(port)).isTrue();
  }

  @Test
  void fiveParallelLaunchesOfTheTinyModelAllBecomeReadyWithAPrivateNativeLibrary()
      throws Exception {
    Path model = TinyGguf.write(dir.resolve("models/tiny.gguf"));
    Path home = dir.resolve("home");
    env = Map.of("AIM_HOME", home.toString(), "PATH", "/usr/bin:/bin");
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<CliRun>> runs =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(
                i ->
                    java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return CliRun.run(
                              env,
                              dir,
                              "launch",
                              model.toString(),
                              "--backend",
                              "llamacpp",
                              "--detach",
                              "--name",
                              "tiny-" + i,
                              "--port",
                              String.valueOf(StandIn.freePort()),
                              "--timeout",
                              "5m");
                        },
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()))
            .toList();
    go.countDown();
    for (var f : runs) {
      CliRun r = f.join();
      assertThat(r.code()).as(r.err()).isZero();
    }
    JsonNode list = StandIn.json(Launcher.run(env, "list", "--json").out());
    assertThat(list).hasSize(5);
    for (JsonNode e : list) {
      assertThat(e.path("state").asText()).isEqualTo("ready");
      String log =
          java.nio.file.Files.readString(home.resolve("logs/" + e.path("name").asText() + ".log"));
      assertThat(log).contains("aim-llama-server: native library " + home.resolve("native"));
      // Not the loader's own shared extraction (/tmp/libjllama.so, one name for every process).
      assertThat(log).doesNotContain("Extracted 'libjllama.so'");
    }
  }
}
