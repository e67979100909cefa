package io.aimengine.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container attach script ({@code container-attach.sh}) against a Docker Engine API stand-in on
 * loopback: it streams the container's log API into the endpoint's log file while the container
 * runs (the API's multiplexed frames unwrapped, by perl or, without it, by dd and od), and exits
 * with the container's code as soon as that stream ends.
 */
class ContainerAttachIT {
  static final String ID = "c0ffee";

  @TempDir Path dir;
  HttpServer api;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  volatile boolean running = true;
  volatile long streamEnded;

  /** When the script asked the container's state (System.nanoTime). */
  final List<Long> inspections = new CopyOnWriteArrayList<>();

  /** What the container writes: stream type (1 stdout, 2 stderr) and payload. */
  static final List<Map.Entry<Integer, byte[]>> FRAMES =
      List.of(
          Map.entry(1, bytes("engine: loading\n")),
          Map.entry(2, bytes("engine: a warning on stderr\n")),
          // Larger than one read of a pipe, with bytes that look like a frame header inside.
          Map.entry(1, (("x".repeat(70_000)) + "\u0001\u0000\u0000\u0000\n").getBytes()),
          Map.entry(1, bytes("engine: ready\n")));

  @BeforeEach
  void api() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.setExecutor(Executors.newCachedThreadPool());
    api.createContext(
        "/",
        x -> {
          String what = x.getRequestMethod() + " " + x.getRequestURI();
          requests.add(what);
          try {
            if (what.equals("POST /containers/" + ID + "/start")) {
              x.sendResponseHeaders(204, -1);
            } else if (what.startsWith("GET /containers/" + ID + "/json")) {
              inspections.add(System.nanoTime());
              byte[] b =
                  bytes(
                      running
                          ? "{\"State\": {\"Running\": true, \"ExitCode\": 0}}"
                          : "{\"State\": {\"Running\": false, \"ExitCode\": 3}}");
              x.sendResponseHeaders(200, b.length);
              x.getResponseBody().write(b);
            } else if (what.startsWith("GET /containers/" + ID + "/logs?")) {
              streamLogs(x);
            } else {
              x.sendResponseHeaders(404, -1);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            x.close();
          }
        });
    api.start();
  }

  /**
   * The first two frames, then (once the test saw them in the file) the rest; then, right after the
   * script's next state poll, the container exits: the poll after that would come 5 s later.
   */
  private void streamLogs(HttpExchange x) throws IOException, InterruptedException {
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    for (int i = 0; i < FRAMES.size(); i++) {
      if (i == 2 && !release.await(30, TimeUnit.SECONDS)) {
        break;
      }
      var f = FRAMES.get(i);
      out.write(
          ByteBuffer.allocate(8)
              .put(0, (byte) (int) f.getKey())
              .putInt(4, f.getValue().length)
              .array());
      out.write(f.getValue());
      out.flush();
    }
    int polls = inspections.size();
    for (int i = 0; i < 300 && inspections.size() == polls; i++) {
      Thread.sleep(50);
    }
    running = false;
    streamEnded = System.nanoTime();
  }

  @AfterEach
  void stopApi() {
    release.countDown();
    api.stop(0);
  }

  @ParameterizedTest(name = "unwrapped by {0}")
  @ValueSource(strings = {"perl", "dd and od"})
  void theContainersOutputGrowsInTheLogFileAndTheScriptExitsWithItsCodeWhenItEnds(String tools)
      throws Exception {
    String path = System.getenv("PATH");
    if (!tools.equals("perl")) {
      path = toolsWithoutPerl().toString();
    } else if (!onPath("perl")) {
      org.junit.jupiter.api.Assumptions.abort("perl is not installed");
    }
    Path script = dir.resolve("aim-container-attach.sh");
    try (InputStream in = ContainerRuntime.class.getResourceAsStream("container-attach.sh")) {
      Files.write(script, in.readAllBytes());
    }
    Path run = Files.createDirectories(dir.resolve("run/e"));
    Path log = dir.resolve("logs/e.log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "earlier line\n");
    long before = System.currentTimeMillis() / 1000;
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                script.toString(),
                run.toString(),
                "tcp://127.0.0.1:" + api.getAddress().getPort(),
                ID,
                "10",
                log.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("attach.out").toFile());
    pb.environment().clear();
    pb.environment().put("PATH", path);
    Process p = pb.start();
    try {
      // While the container runs, what it wrote so far is already in the file.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(log))
                      .isEqualTo("earlier line\nengine: loading\nengine: a warning on stderr\n"));
      assertThat(p.isAlive()).isTrue();
      release.countDown();

      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // Woken by the stream's end: the state was asked again well before the 5 s poll was due.
      long next = inspections.stream().filter(t -> t > streamEnded).findFirst().orElseThrow();
      assertThat(Duration.ofNanos(next - streamEnded)).isLessThan(Duration.ofSeconds(4));
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("attach.out"))).isEqualTo(3);
    } finally {
      p.destroyForcibly();
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(bytes("earlier line\n"));
    FRAMES.forEach(f -> expected.writeBytes(f.getValue()));
    assertThat(Files.readAllBytes(log)).isEqualTo(expected.toByteArray());
    String logs = requests.stream().filter(r -> r.contains("/logs?")).findFirst().orElseThrow();
    assertThat(logs).contains("follow=1", "stdout=1", "stderr=1").doesNotContain("timestamps");
    long since = Long.parseLong(logs.replaceAll(".*since=(\\d+).*", "$1"));
    assertThat(since).isBetween(before, System.currentTimeMillis() / 1000);
    assertThat(
            requests.indexOf(
                requests.stream().filter(r -> r.contains("/start")).findFirst().orElseThrow()))
        .isLessThan(requests.indexOf(logs));
    assertThat(run.resolve("follow.pid")).doesNotExist();
    assertThat(run.resolve("following")).doesNotExist();
  }

  /** A directory of the tools the script uses, perl left out. */
  private Path toolsWithoutPerl() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String t :
        List.of("sh", "curl", "dd", "od", "grep", "sed", "head", "rm", "cat", "date", "sleep")) {
      Path real = which(t);
      if (real == null) {
        org.junit.jupiter.api.Assumptions.abort(t + " is not installed");
      }
      // A wrapper, not a link: links out of a @TempDir make JUnit warn when it deletes them.
      Path w = Files.writeString(bin.resolve(t), "#!/bin/sh\nexec " + real + " \"$@\"\n");
      w.toFile().setExecutable(true);
    }
    return bin;
  }

  private static Path which(String exe) {
    for (String d : System.getenv("PATH").split(":")) {
      Path p = Path.of(d, exe);
      if (!d.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static boolean onPath(String exe) {
    return which(exe) != null;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
