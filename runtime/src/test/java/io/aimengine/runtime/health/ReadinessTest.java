package io.aimengine.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readiness against an engine stand-in on loopback: health, model list and smoke completion. */
class ReadinessTest {
  HttpServer engine;
  final List<String> requests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.stop(0);
    }
  }

  /**
   * An engine whose model list answers 503 {@code unlisted} times before it registers and lists the
   * model; a completion before that answers 404, as vLLM does for an unknown model. The model list
   * answers only once {@code modelsMayAnswer} is open.
   */
  private String engine(int unlisted, CountDownLatch modelsMayAnswer) throws IOException {
    AtomicInteger lists = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean registered =
        new java.util.concurrent.atomic.AtomicBoolean(unlisted == 0);
    engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    engine.setExecutor(Executors.newCachedThreadPool());
    engine.createContext(
        "/",
        x -> {
          String path = x.getRequestURI().getPath();
          requests.add(x.getRequestMethod() + " " + path);
          try {
            switch (path) {
              case "/health" -> answer(x, 200, "{}");
              case "/v1/models" -> {
                modelsMayAnswer.await(10, TimeUnit.SECONDS);
                if (lists.incrementAndGet() > unlisted) {
                  registered.set(true);
                }
                answer(
                    x,
                    registered.get() ? 200 : 503,
                    registered.get() ? "{\"data\":[{\"id\":\"m\"}]}" : "{}");
              }
              case "/v1/completions" ->
                  answer(
                      x,
                      registered.get() ? 200 : 404,
                      registered.get()
                          ? "{\"choices\":[{\"text\":\" world\"}],\"usage\":{\"completion_tokens\":4}}"
                          : "{\"error\":\"model m not found\"}");
              default -> answer(x, 404, "{}");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    engine.start();
    return "http://127.0.0.1:" + engine.getAddress().getPort();
  }

  /** Opens {@code latch} once the smoke completion has arrived. */
  private Thread onSmoke(CountDownLatch latch) {
    return Thread.ofVirtual()
        .start(
            () -> {
              while (!requests.contains("POST /v1/completions")) {
                Thread.onSpinWait();
              }
              latch.countDown();
            });
  }

  private static void answer(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  private Readiness.Result await(String url) {
    return new Readiness(new HttpProbe())
        .await(url, "/health", "/v1/models", "m", () -> true, Duration.ofSeconds(20));
  }

  @Test
  void theSmokeCompletionGoesOutBesideTheModelListOnceHealthy() throws Exception {
    // The model list answers only once the smoke completion has arrived: they overlap.
    CountDownLatch smokeArrived = new CountDownLatch(1);
    String url = engine(0, smokeArrived);
    Thread watcher = onSmoke(smokeArrived);

    Readiness.Result r = await(url);
    watcher.join(5000);

    assertThat(r.outcome()).isEqualTo(Readiness.Outcome.READY);
    assertThat(r.smokeTokens()).isEqualTo(4);
    assertThat(r.smokeText()).isEqualTo(" world");
    assertThat(requests.stream().filter(q -> q.equals("POST /v1/completions"))).hasSize(1);
  }

  @Test
  void aSmokeCompletionSentBeforeTheModelWasListedIsSentAgain() throws Exception {
    // The early smoke completion arrives before the model is registered (404).
    CountDownLatch smokeArrived = new CountDownLatch(1);
    String url = engine(2, smokeArrived);
    Thread watcher = onSmoke(smokeArrived);

    Readiness.Result r = await(url);
    watcher.join(5000);

    assertThat(r.outcome()).as(r.detail()).isEqualTo(Readiness.Outcome.READY);
    assertThat(r.smokeTokens()).isEqualTo(4);
    assertThat(requests.stream().filter(q -> q.equals("GET /v1/models"))).hasSize(3);
    assertThat(requests.stream().filter(q -> q.equals("POST /v1/completions"))).hasSize(2);
  }
}
