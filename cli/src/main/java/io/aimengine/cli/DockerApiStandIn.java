package io.aimengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker Engine API stand-in on a Unix socket, for the start-up cache's training of the container
 * path ({@link LaunchTraining#containerLaunchAndStop}): a build has no container engine, and
 * without one the docker-java client's classes (~800) load from the 55 MB jar on every container
 * launch. It answers what {@code ContainerRuntime} and its attach script ask, with the shapes
 * Docker and Podman answer: {@code _ping}, {@code version}, image inspect, container create (409
 * for a name in use), start (304 when running), inspect, list (by label), logs (multiplexed frames;
 * {@code follow} holds the stream until the container stops), stop, kill, wait and remove. A
 * started container "runs" an engine stand-in ({@link LaunchTraining#serve}) on the loopback port
 * its create request published, and a stopped one exits 143, as an engine ended by SIGTERM does. No
 * network beyond loopback, no real container engine, no process. Thread-safe; close it to end every
 * connection.
 */
final class DockerApiStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] OUTPUT =
      "stand-in engine: loading the model\nstand-in engine: listening\n"
          .getBytes(StandardCharsets.UTF_8);

  private final Path socket;
  private final ServerSocketChannel server;
  private final Map<String, Box> containers = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  /** One container as the stand-in holds it. */
  private static final class Box {
    final String id;
    final String name;
    final String image;
    final ObjectNode labels;
    final int hostPort;
    volatile boolean running;
    volatile int exitCode;
    volatile ServerSocket engine;
    volatile CountDownLatch ended = new CountDownLatch(1);

    Box(String id, String name, String image, ObjectNode labels, int hostPort) {
      this.id = id;
      this.name = name;
      this.image = image;
      this.labels = labels;
      this.hostPort = hostPort;
    }
  }

  /** Listens on {@code socket} (a path that must not exist yet) until {@link #close}d. */
  DockerApiStandIn(Path socket) throws IOException {
    this.socket = socket;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().name("aot-training-docker-api").start(this::accept);
  }

  /** The endpoint as DOCKER_HOST names it. */
  String host() {
    return "unix://" + socket;
  }

  /** How many containers exist (created and not removed). */
  int containers() {
    return containers.size();
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Thread.ofVirtual().start(() -> connection(ch));
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Box b : containers.values()) {
      end(b, 137);
    }
    Files.deleteIfExists(socket);
  }

  private void connection(SocketChannel ch) {
    try (ch) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
      OutputStream out = Channels.newOutputStream(ch);
      String requestLine;
      while ((requestLine = line(in)) != null && !requestLine.isEmpty()) {
        int length = 0;
        boolean chunked = false;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          String lower = h.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(h.substring("content-length:".length()).trim());
          } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
            chunked = true;
          }
        }
        byte[] body = chunked ? chunks(in) : in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        if (parts.length < 2 || !answer(parts[0], parts[1], body, out)) {
          return; // a streamed answer: the connection ends with it
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
  }

  /**
   * Answers one request; false when the answer was streamed and the connection must close after it.
   */
  private boolean answer(String method, String target, byte[] body, OutputStream out)
      throws IOException {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(target.substring(q + 1));
    if (path.matches("/v[0-9.]+/.*")) {
      path = path.substring(path.indexOf('/', 1));
    }
    String[] seg = path.substring(1).split("/");
    if (path.equals("/_ping")) {
      send(out, 200, "text/plain", "OK".getBytes(StandardCharsets.US_ASCII));
    } else if (path.equals("/version")) {
      json(
          out,
          200,
          "{\"Version\":\"stand-in\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\","
              + "\"Os\":\"linux\",\"Arch\":\"amd64\"}");
    } else if (seg[0].equals("images") && path.endsWith("/json")) {
      String image =
          URLDecoder.decode(path.substring(8, path.length() - 5), StandardCharsets.UTF_8);
      json(
          out,
          200,
          "{\"Id\":\"sha256:"
              + "0".repeat(64)
              + "\",\"RepoTags\":[\""
              + image
              // A HEALTHCHECK as AIM Engine's image has: its shell command's quotes come escaped,
              // which takes the JSON parser's slower string path (and its class) as real answers
              // do.
              + "\"],\"Config\":{\"User\":\"aim\",\"Env\":[],\"Labels\":{},"
              + "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\","
              + "\"curl -fsS \\\"http://127.0.0.1:8000/health\\\" || exit 1\"]}},"
              + "\"Os\":\"linux\",\"Architecture\":\"amd64\",\"Size\":1}");
    } else if (seg[0].equals("containers") && seg.length == 2 && seg[1].equals("create")) {
      create(query.get("name"), body, out);
    } else if (seg[0].equals("containers") && seg.length == 2 && seg[1].equals("json")) {
      list(query.get("filters"), out);
    } else if (seg[0].equals("containers") && seg.length >= 2) {
      Box b = find(seg[1]);
      if (b == null) {
        json(out, 404, "{\"message\":\"no such container: " + seg[1] + "\"}");
        return true;
      }
      String verb = seg.length > 2 ? seg[2] : "";
      switch (method + " " + verb) {
        case "POST start" -> {
          if (b.running) {
            send(out, 304, null, new byte[0]);
          } else {
            start(b);
            send(out, 204, null, new byte[0]);
          }
        }
        case "POST stop", "POST kill" -> {
          if (!b.running) {
            send(out, 304, null, new byte[0]);
          } else {
            end(b, verb.equals("kill") ? 137 : 143);
            send(out, 204, null, new byte[0]);
          }
        }
        case "POST wait" -> {
          await(b);
          json(out, 200, "{\"StatusCode\":" + b.exitCode + "}");
        }
        case "GET json" -> chunked(out, inspect(b));
        case "GET logs" -> {
          return logs(
              b, "1".equals(query.get("follow")) || "true".equals(query.get("follow")), out);
        }
        case "DELETE " -> {
          end(b, 137);
          containers.remove(b.id);
          send(out, 204, null, new byte[0]);
        }
        default -> json(out, 404, "{\"message\":\"not answered by the stand-in\"}");
      }
    } else {
      json(out, 404, "{\"message\":\"not answered by the stand-in\"}");
    }
    return true;
  }

  private void create(String name, byte[] body, OutputStream out) throws IOException {
    JsonNode req = JSON.readTree(body);
    if (name != null) {
      for (Box b : containers.values()) {
        if (b.name.equals(name)) {
          json(out, 409, "{\"message\":\"the container name " + name + " is already in use\"}");
          return;
        }
      }
    }
    int port = 0;
    for (JsonNode bindings : req.path("HostConfig").path("PortBindings")) {
      for (JsonNode b : bindings) {
        port = Integer.parseInt(b.path("HostPort").asText("0"));
      }
    }
    String id = String.format(Locale.ROOT, "%064x", ids.incrementAndGet() + 0xa1e0000L);
    ObjectNode labels =
        req.path("Labels") instanceof ObjectNode l ? l.deepCopy() : JSON.createObjectNode();
    containers.put(
        id,
        new Box(
            id,
            name == null ? id.substring(0, 12) : name,
            req.path("Image").asText(),
            labels,
            port));
    json(out, 201, "{\"Id\":\"" + id + "\",\"Warnings\":[]}");
  }

  private void list(String filters, OutputStream out) throws IOException {
    Map<String, String> wanted = new HashMap<>();
    if (filters != null) {
      for (JsonNode label : JSON.readTree(filters).path("label")) {
        String l = label.asText();
        int eq = l.indexOf('=');
        wanted.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? null : l.substring(eq + 1));
      }
    }
    ArrayNode all = JSON.createArrayNode();
    for (Box b : containers.values()) {
      boolean match = true;
      for (Map.Entry<String, String> w : wanted.entrySet()) {
        JsonNode v = b.labels.get(w.getKey());
        match &= v != null && (w.getValue() == null || w.getValue().equals(v.asText()));
      }
      if (match) {
        ObjectNode c = all.addObject();
        c.put("Id", b.id);
        c.putArray("Names").add("/" + b.name);
        c.put("Image", b.image);
        c.put("State", b.running ? "running" : "exited");
        c.set("Labels", b.labels);
      }
    }
    json(out, 200, JSON.writeValueAsString(all));
  }

  private String inspect(Box b) throws IOException {
    ObjectNode r = JSON.createObjectNode();
    r.put("Id", b.id);
    r.put("Name", "/" + b.name);
    r.put("Image", b.image);
    ObjectNode state = r.putObject("State");
    state.put("Status", b.running ? "running" : "exited");
    state.put("Running", b.running);
    state.put("Paused", false);
    state.put("OOMKilled", false);
    state.put("Dead", false);
    state.put("Pid", b.running ? 4242 : 0);
    state.put("ExitCode", b.exitCode);
    ObjectNode config = r.putObject("Config");
    config.put("Image", b.image);
    config.set("Labels", b.labels);
    return JSON.writeValueAsString(r);
  }

  /** Starts the container: its engine stand-in listens on the published port. */
  private synchronized void start(Box b) throws IOException {
    ServerSocket engine = new ServerSocket();
    engine.setReuseAddress(true);
    engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.hostPort));
    b.engine = engine;
    b.ended = new CountDownLatch(1);
    b.running = true;
    Thread.ofVirtual().name("aot-training-container").start(() -> LaunchTraining.serve(engine));
  }

  private synchronized void end(Box b, int code) {
    if (!b.running) {
      return;
    }
    b.running = false;
    b.exitCode = code;
    try {
      b.engine.close();
    } catch (IOException ignored) {
      // closed
    }
    b.ended.countDown();
  }

  private static void await(Box b) {
    try {
      b.ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The container's output as the API's frames (stream 1, stdout); follow: until it ends. */
  private boolean logs(Box b, boolean follow, OutputStream out) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] header = {1, 0, 0, 0, 0, 0, 0, 0};
    header[4] = (byte) (OUTPUT.length >>> 24);
    header[5] = (byte) (OUTPUT.length >>> 16);
    header[6] = (byte) (OUTPUT.length >>> 8);
    header[7] = (byte) OUTPUT.length;
    out.write(header);
    out.write(OUTPUT);
    out.flush();
    if (follow && b.running) {
      await(b);
    }
    return false;
  }

  private Box find(String idOrName) {
    Box b = containers.get(idOrName);
    if (b != null) {
      return b;
    }
    for (Box c : containers.values()) {
      if (c.name.equals(idOrName) || c.id.startsWith(idOrName)) {
        return c;
      }
    }
    return null;
  }

  /**
   * A 200 JSON answer in chunked transfer encoding, as Docker's and Podman's Go servers send a body
   * larger than their buffer (an inspect's), so the client's chunked decoder is trained too.
   */
  private static void chunked(OutputStream out, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(bytes.length)
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void json(OutputStream out, int status, String body) throws IOException {
    send(out, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(OutputStream out, int status, String type, byte[] body)
      throws IOException {
    StringBuilder h =
        new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status));
    h.append("\r\nApi-Version: 1.41\r\n");
    if (type != null) {
      h.append("Content-Type: ").append(type).append("\r\n");
    }
    if (status != 204 && status != 304) {
      h.append("Content-Length: ").append(body.length).append("\r\n");
    }
    out.write(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 304 -> "Not Modified";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      default -> "Status";
    };
  }

  private static Map<String, String> query(String q) {
    Map<String, String> m = new HashMap<>();
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      m.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  /** One CRLF-ended line (ISO-8859-1), null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] chunks(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        break;
      }
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
          // trailers
        }
        break;
      }
      body.write(in.readNBytes(n));
      line(in);
    }
    return body.toByteArray();
  }
}
