package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import io.aimengine.runtime.health.HttpProbe;
import io.aimengine.runtime.health.Readiness;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.EndpointStore;
import io.aimengine.runtime.store.Lease;
import io.aimengine.runtime.store.Reservation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The part of the AOT training ({@link AotTraining}) that covers what {@code launch} does beyond
 * planning, with no engine: the store's reservation, records and events, a lease written and read
 * back (the JSON that every later command reads for each run directory), and readiness — health
 * polling, the model list and the smoke completion through the HTTP client — against a stand-in
 * that answers as an engine does. Without it a launch loaded ~900 classes from the jar (the HTTP
 * client's ~400 among them), ~0.3 s of CPU on every launch. The stand-in is a bare socket rather
 * than the JDK's HTTP server, whose classes would otherwise join the cache of every command.
 */
final class LaunchTraining {
  private static final String NAME = "aot-training";

  private LaunchTraining() {}

  /** Runs the launch path's pieces against {@code settings}' throw-away AIM_HOME. */
  static void run(Settings settings) throws IOException {
    App app = new App(settings);
    try (ServerSocket engine = new ServerSocket()) {
      engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofVirtual().name("aot-training-engine").start(() -> serve(engine));
      EndpointStore store = app.endpoints().store();
      ProcessHandle self = ProcessHandle.current();
      Endpoint e =
          store.reserve(
              new Reservation(
                  NAME,
                  true,
                  "127.0.0.1",
                  engine.getLocalPort(),
                  false,
                  Set.of(),
                  java.util.List.of(),
                  null,
                  "aot/model",
                  "aot-model",
                  "aot-recipe",
                  "{}",
                  "llamacpp",
                  "process",
                  "/health",
                  "no",
                  self.pid(),
                  0));
      store.event(NAME, "phase", "load: training");
      Lease.write(settings.runDir().resolve(NAME), store.get(NAME).orElseThrow());
      new Readiness(new HttpProbe())
          .await(
              "http://127.0.0.1:" + engine.getLocalPort(),
              "/health",
              "/v1/models",
              "aot-model",
              () -> true,
              Duration.ofSeconds(10),
              took -> store.event(NAME, "phase", "warm-up: training"));
      store.ready(NAME, "training");
      store.failed(NAME, "training", null);
      Lease.read(settings.runDir().resolve(NAME)).map(Lease::toEndpoint);
      store.events(e.name());
    } finally {
      app.close();
    }
  }

  /** Answers HTTP/1.1 requests as an OpenAI-compatible engine does, keeping connections open. */
  private static void serve(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> connection(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void connection(Socket s) {
    try (s;
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = s.getOutputStream();
      String request;
      while ((request = in.readLine()) != null) {
        int length = 0;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(h.substring("content-length:".length()).trim());
          }
        }
        in.skip(length);
        String body =
            request.contains("/v1/completions")
                ? "{\"choices\":[{\"text\":\" hi\"}],\"usage\":{\"completion_tokens\":4}}"
                : request.contains("/v1/models")
                    ? "{\"object\":\"list\",\"data\":[{\"id\":\"aot-model\"}]}"
                    : "{\"status\":\"ok\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
  }

  /** The commands run after {@link #run}: the lease and the failed row are read by each. */
  static final List<List<String>> AFTER =
      List.of(
          List.of("list"),
          List.of("status", NAME),
          List.of("launch", "Qwen/Qwen3-32B", "--dry-run"));
}
