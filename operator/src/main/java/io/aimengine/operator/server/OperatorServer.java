package io.aimengine.operator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.config.Settings;
import io.aimengine.operator.AimOperator;
import io.aimengine.runtime.cache.HubClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code aim-engine operator}: connects to the cluster (in-cluster service account or kubeconfig,
 * as fabric8 finds them), starts the reconcilers and serves {@code /healthz}, {@code /readyz} and
 * {@code /metrics} until stopped.
 */
public final class OperatorServer implements AutoCloseable {
  private final KubernetesClient client;
  private final AimOperator operator;
  static final String HTTP_THREAD_PREFIX = "aim-operator-http-";
  private final HttpServer http;
  private final ExecutorService httpThreads;
  private final ReconcileMetrics metrics = new ReconcileMetrics();
  private volatile boolean ready;
  private boolean closed;

  public OperatorServer(Catalog catalog, String image, String bind, int port) throws IOException {
    this(new KubernetesClientBuilder().build(), catalog, image, bind, port);
  }

  /** On the given client, which {@link #close()} closes. */
  OperatorServer(KubernetesClient client, Catalog catalog, String image, String bind, int port)
      throws IOException {
    this.client = client;
    Settings settings = Settings.fromSystem();
    this.operator =
        settings.hfOffline()
            ? new AimOperator(
                client,
                catalog,
                image,
                metrics,
                Clock.systemUTC(),
                Optional.empty(),
                "HF_HUB_OFFLINE is set")
            : new AimOperator(
                client,
                catalog,
                image,
                metrics,
                Clock.systemUTC(),
                Optional.of(HubClient.createForMetadata(settings)),
                "");
    this.http = HttpServer.create(new InetSocketAddress(bind, port), 16);
    this.httpThreads =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name(HTTP_THREAD_PREFIX, 0).daemon(true).factory());
    http.setExecutor(httpThreads);
    http.createContext("/healthz", x -> reply(x, 200, "text/plain", "ok\n"));
    http.createContext(
        "/readyz",
        x -> reply(x, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "starting\n"));
    http.createContext(
        "/metrics", x -> reply(x, 200, "text/plain; version=0.0.4", metrics.scrape()));
  }

  /** The port the health and metrics server listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Starts serving and reconciling; blocks until the informers have synced. */
  public void start() {
    http.start();
    operator.start();
    ready = true;
  }

  /** Runs until the JVM is asked to stop. */
  public void runUntilStopped() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  done.countDown();
                }));
    done.await();
  }

  /**
   * Stops reconciling, the health server and the client, once: the shutdown hook of {@link
   * #runUntilStopped()} and the caller's try-with-resources both call it, so a second call (or one
   * racing the first) waits for the first to finish and then does nothing. Every step runs even
   * when an earlier one fails.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ready = false;
    try {
      operator.close();
    } finally {
      try {
        http.stop(0);
        httpThreads.shutdownNow();
      } finally {
        client.close();
      }
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private static void reply(HttpExchange x, int code, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(code, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }
}
