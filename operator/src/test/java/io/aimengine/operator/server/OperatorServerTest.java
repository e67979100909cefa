package io.aimengine.operator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The operator's health/metrics server: serves while running, and closes exactly once. */
@EnableKubernetesMockClient(crud = true)
class OperatorServerTest {
  KubernetesClient client;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OperatorServer server() throws Exception {
    for (String plural : List.of("aimendpoints", "aimrecipes", "aimcaches")) {
      try (InputStream in =
          getClass()
              .getResourceAsStream("/META-INF/fabric8/" + plural + ".aim.engine.amd.com-v1.yml")) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      }
    }
    return new OperatorServer(
        client,
        new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn()),
        "aim-engine:test",
        "127.0.0.1",
        0);
  }

  private HttpResponse<String> get(OperatorServer s, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHealthReadinessAndMetricsWhileRunning() throws Exception {
    try (OperatorServer s = server()) {
      s.start();
      assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(s, "/readyz").body()).isEqualTo("ready\n");
      assertThat(get(s, "/metrics").headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4");
    }
  }

  @Test
  void closingTwiceAsTheShutdownHookAndTryWithResourcesDoIsHarmless() throws Exception {
    OperatorServer s = server();
    s.start();
    int port = s.port();
    s.close();
    assertThatCode(s::close).doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void concurrentClosesStopOnceAndBothReturnAfterTheStop() throws Exception {
    OperatorServer s = server();
    s.start();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> closes =
          List.of(
              pool.submit(
                  () -> {
                    go.await();
                    s.close();
                    return s.isClosed();
                  }),
              pool.submit(
                  () -> {
                    go.await();
                    s.close();
                    return s.isClosed();
                  }));
      go.countDown();
      for (Future<Boolean> f : closes) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long httpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(OperatorServer.HTTP_THREAD_PREFIX))
        .count();
  }

  @Test
  void closingEndsTheHealthServersThreads() throws Exception {
    OperatorServer s = server();
    s.start();
    assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);
    assertThat(httpThreads()).as("threads serving /healthz").isPositive();
    s.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> httpThreads() == 0);
  }

  @Test
  void closingAServerThatNeverStartedIsHarmless() throws Exception {
    OperatorServer s = server();
    assertThatCode(
            () -> {
              s.close();
              s.close();
            })
        .doesNotThrowAnyException();
  }
}
