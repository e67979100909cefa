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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      HttpProbe http = new HttpProbe();
      // An engine that does not listen yet, as every real launch's first polls find: the HTTP
      // client's connect-failure path (a few classes, which would open the jar mid-launch).
      http.get("http://127.0.0.1:" + closedPort() + "/health", Duration.ofSeconds(1));
      new Readiness(http)
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

  /** A loopback port nothing listens on (one just closed). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * A whole {@code launch --detach} and {@code stop} through {@link Main#run}, as bench/launch.sh
   * runs them: a llama.cpp plan of a GGUF file on this host's detected hardware (GPU detection and
   * the GGUF header reader), the endpoint's start under the process monitor, readiness, the record
   * and the stop. The engine is {@link Engine}, a stand-in JVM named by
   * AIM_ENGINE_COMMAND_LLAMACPP. Without it a launch loaded ~60 classes from the jar (opening its
   * 26,000 entries) and linked ~40 lambdas and switches at run time. Best effort: a host where it
   * cannot start (no {@code setsid}/{@code perl}, a class path with spaces) only trains less.
   */
  static void launchAndStop(Path home) {
    try {
      Path model = tinyGguf(home.resolve("aot-training.gguf"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Map<String, String> env = new java.util.HashMap<>();
      env.put("AIM_HOME", home.toString());
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put(
          "AIM_ENGINE_COMMAND_LLAMACPP",
          java
              + " -XX:TieredStopAtLevel=1 -cp "
              + System.getProperty("java.class.path")
              + " "
              + Engine.class.getName());
      Settings settings = new Settings(env, home);
      int port;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      StringWriter sink = new StringWriter();
      PrintWriter out = new PrintWriter(sink);
      Main.run(
          settings,
          out,
          out,
          "launch",
          model.toString(),
          "--backend",
          "llamacpp",
          "--detach",
          "--port",
          String.valueOf(port),
          "--name",
          "aot-launch");
      Main.run(settings, out, out, "stop", "aot-launch");
    } catch (IOException | RuntimeException e) {
      // less training, never a failed build
    }
  }

  /**
   * A whole {@code launch --runtime container --detach}, {@code list}, {@code logs} and {@code
   * stop} through {@link Main#run}, as bench/container.sh runs them, against {@link
   * DockerApiStandIn} (a build has no container engine): the docker-java client (its transport, its
   * commands and the Jackson mapping of their requests and answers), {@code ContainerRuntime}'s
   * image check, create, start, monitor and stop, and the store's reconciliation of a container
   * row. Without it a container launch loaded ~800 classes from the jar. Best effort, as {@link
   * #launchAndStop}.
   */
  static void containerLaunchAndStop(Path home) {
    try {
      containerRun(home);
    } catch (IOException | RuntimeException e) {
      // less training, never a failed build
    }
  }

  /**
   * The commands of {@link #containerLaunchAndStop}; returns their output.
   *
   * @throws IllegalStateException naming the command that failed, or the containers left behind
   */
  static String containerRun(Path home) throws IOException {
    try (DockerApiStandIn api = new DockerApiStandIn(home.resolve("docker.sock"))) {
      // The image runs as a non-root user: the mounted model directory must be readable by others.
      Path models = Files.createDirectories(home.resolve("models"));
      Files.setPosixFilePermissions(
          models, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Path model = tinyGguf(models.resolve("aot-training.gguf"));
      Map<String, String> env = new java.util.HashMap<>();
      env.put("AIM_HOME", home.toString());
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("DOCKER_HOST", api.host());
      Settings settings = new Settings(env, home);
      int port;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      StringWriter sink = new StringWriter();
      PrintWriter out = new PrintWriter(sink);
      for (List<String> c :
          List.of(
              List.of(
                  "launch",
                  model.toString(),
                  "--backend",
                  "llamacpp",
                  "--runtime",
                  "container",
                  "--detach",
                  "--port",
                  String.valueOf(port),
                  "--name",
                  CONTAINER),
              List.of("list"),
              List.of("logs", CONTAINER),
              List.of("stop", CONTAINER))) {
        int code = Main.run(settings, out, out, c.toArray(String[]::new));
        if (code != 0) {
          throw new IllegalStateException(
              String.join(" ", c) + " exited " + code + " against the stand-in: " + sink);
        }
      }
      if (api.containers() != 0) {
        throw new IllegalStateException("stop left " + api.containers() + " container(s): " + sink);
      }
      return sink.toString();
    }
  }

  private static final String CONTAINER = "aot-container";

  /**
   * Writes the header of a tiny llama GGUF (metadata and one tensor's description, no weights):
   * what {@code Gguf.facts} reads.
   */
  static Path tinyGguf(Path file) throws IOException {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46554747).putInt(3).putLong(1); // "GGUF", version 3, one tensor
    Map<String, Object> kv = new java.util.LinkedHashMap<>();
    kv.put("general.architecture", "llama");
    kv.put("general.file_type", 1);
    kv.put("llama.context_length", 2048);
    kv.put("llama.embedding_length", 64);
    kv.put("llama.block_count", 2);
    kv.put("llama.feed_forward_length", 128);
    kv.put("llama.attention.head_count", 4);
    kv.put("llama.attention.head_count_kv", 2);
    kv.put("llama.vocab_size", 300);
    b.putLong(kv.size() + 1L);
    ggufString(b, "tokenizer.ggml.tokens"); // an array of 3 strings, as the vocabulary is kept
    b.putInt(9).putInt(8).putLong(3);
    for (String t : List.of("<unk>", "<s>", "</s>")) {
      ggufString(b, t);
    }
    for (Map.Entry<String, Object> e : kv.entrySet()) {
      ggufString(b, e.getKey());
      if (e.getValue() instanceof String v) {
        b.putInt(8);
        ggufString(b, v);
      } else {
        b.putInt(4).putInt((Integer) e.getValue()); // uint32
      }
    }
    ggufString(b, "token_embd.weight");
    b.putInt(2).putLong(64).putLong(300).putInt(1).putLong(0); // dims, F16, offset
    Files.write(file, java.util.Arrays.copyOf(b.array(), b.position() + 64 * 300 * 2));
    return file;
  }

  private static void ggufString(java.nio.ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putLong(bytes.length).put(bytes);
  }

  /**
   * The stand-in engine of {@link #launchAndStop}: serves as {@link #serve} does on the {@code
   * --host}/{@code --port} of its llama.cpp argv until it is stopped.
   */
  static final class Engine {
    private Engine() {}

    public static void main(String[] args) throws IOException {
      String host = "127.0.0.1";
      int port = 0;
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals("--host")) {
          host = args[i + 1];
        } else if (args[i].equals("--port")) {
          port = Integer.parseInt(args[i + 1]);
        }
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(host, port));
        serve(s);
      }
    }
  }

  /** Answers HTTP/1.1 requests as an OpenAI-compatible engine does, keeping connections open. */
  static void serve(ServerSocket server) {
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
