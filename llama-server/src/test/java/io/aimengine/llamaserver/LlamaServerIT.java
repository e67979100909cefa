package io.aimengine.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.testsupport.TinyGguf;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the server as a child process on the tiny model, as AIM Engine does. */
class LlamaServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir static Path dir;
  static Process server;
  static String base;
  static Path log;

  @BeforeAll
  static void start() throws Exception {
    Path model = TinyGguf.write(dir.resolve("tiny.gguf"));
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    log = dir.resolve("server.log");
    server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                LlamaServer.class.getName(),
                "--model",
                model.toString(),
                "--ctx-size",
                "512",
                "--parallel",
                "2",
                "--n-gpu-layers",
                "0",
                "--port",
                String.valueOf(port),
                "--alias",
                "tiny",
                "--metrics")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> status("/health") == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroyForcibly();
    }
  }

  @Test
  void listsTheModelUnderItsAlias() throws Exception {
    JsonNode m = get("/v1/models");
    assertThat(m.path("data").get(0).path("id").asText()).isEqualTo("tiny");
  }

  @Test
  void completionGeneratesUpToMaxTokensAndReportsUsage() throws Exception {
    JsonNode r =
        post("/v1/completions", "{\"prompt\":\"hello world\",\"max_tokens\":5,\"seed\":1}");
    assertThat(r.path("object").asText()).isEqualTo("text_completion");
    assertThat(r.path("usage").path("completion_tokens").asInt()).isBetween(1, 5);
    assertThat(r.path("usage").path("prompt_tokens").asInt()).isGreaterThan(0);
    assertThat(r.path("choices").get(0).has("text")).isTrue();
  }

  @Test
  void chatCompletionAnswersAsAssistant() throws Exception {
    JsonNode r =
        post(
            "/v1/chat/completions",
            "{\"model\":\"tiny\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}");
    assertThat(r.path("object").asText()).isEqualTo("chat.completion");
    assertThat(r.path("choices").get(0).path("message").path("role").asText())
        .isEqualTo("assistant");
    assertThat(r.path("usage").path("completion_tokens").asInt()).isBetween(1, 4);
  }

  @Test
  void streamingChatSendsChunksThenDone() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"max_tokens\":3,\"stream\":true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> events =
        r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(events.getLast()).isEqualTo("[DONE]");
    assertThat(JSON.readTree(events.getFirst()).at("/choices/0/delta/role").asText())
        .isEqualTo("assistant");
    JsonNode last = JSON.readTree(events.get(events.size() - 2));
    assertThat(last.at("/choices/0/finish_reason").asText()).isIn("stop", "length");
    assertThat(events.size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void badRequestsGet400WithAnOpenAiErrorBody() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("messages");
  }

  @Test
  void metricsCountRequestsAndTokens() throws Exception {
    post("/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":2}");
    String text =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metric(text, "llamacpp:requests_total")).isGreaterThanOrEqualTo(1);
    assertThat(metric(text, "llamacpp:tokens_predicted_total")).isGreaterThanOrEqualTo(1);
    assertThat(metric(text, "llamacpp:prompt_tokens_total")).isGreaterThanOrEqualTo(1);
    assertThat(text).contains("# TYPE llamacpp:requests_processing gauge");
  }

  @Test
  void sigtermEndsTheProcessPromptly() throws Exception {
    // Runs last by name order is not guaranteed: use a second server so other tests are unaffected.
    Path model = dir.resolve("tiny.gguf");
    int port = freePort();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                LlamaServer.class.getName(),
                "-m",
                model.toString(),
                "--port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("second.log").toFile())
            .start();
    String url = "http://127.0.0.1:" + port + "/health";
    await().atMost(Duration.ofSeconds(60)).until(() -> status(url) == 200);
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
  }

  private static double metric(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst()
        .orElse(-1);
  }

  private static int status(String pathOrUrl) {
    try {
      String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static JsonNode get(String path) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
