package io.aimengine.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketPingTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    for (Thread t : threads) {
      t.interrupt();
      t.join(2000);
    }
  }

  /**
   * A Unix socket server answering each connection with {@code response} (null: reads, never
   * answers); the request it received goes to {@code request}.
   */
  private String serve(String name, String response, AtomicReference<String> request)
      throws IOException {
    Path path = dir.resolve(name);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    open.add(server);
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (server.isOpen()) {
                    try (SocketChannel c = server.accept()) {
                      ByteBuffer in = ByteBuffer.allocate(1024);
                      c.read(in);
                      request.set(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
                      if (response == null) {
                        Thread.sleep(5_000);
                      } else {
                        c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                      }
                    } catch (IOException | InterruptedException e) {
                      return;
                    }
                  }
                });
    threads.add(t);
    return "unix://" + path;
  }

  @Test
  void aSocketAnsweringThePingWith200Answers() throws IOException {
    AtomicReference<String> request = new AtomicReference<>();
    String host = serve("docker.sock", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", request);

    assertThat(SocketPing.answers(host, TIMEOUT)).isTrue();
    assertThat(request.get()).startsWith("GET /_ping HTTP/1.1\r\n");
  }

  @Test
  void anErrorStatusIsNoAnswer() throws IOException {
    String host =
        serve("docker.sock", "HTTP/1.1 500 Internal Server Error\r\n\r\n", new AtomicReference<>());

    assertThat(SocketPing.answers(host, TIMEOUT)).isFalse();
  }

  @Test
  void aSilentSocketIsNoAnswerOnceTheTimeoutPasses() throws IOException {
    String host = serve("silent.sock", null, new AtomicReference<>());

    long t0 = System.nanoTime();
    assertThat(SocketPing.answers(host, TIMEOUT)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aMissingSocketARegularFileAndARefusingSocketAreNoAnswer() throws IOException {
    Path file = Files.writeString(dir.resolve("file.sock"), "not a socket");
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(stale)); // left behind, nobody listening once closed
    }

    assertThat(SocketPing.answers("unix://" + dir.resolve("none.sock"), TIMEOUT)).isFalse();
    assertThat(SocketPing.answers("unix://" + file, TIMEOUT)).isFalse();
    assertThat(SocketPing.answers("unix://" + stale, TIMEOUT)).isFalse();
  }

  @Test
  void theFirstSocketThatAnswersIsChosen() throws IOException {
    String missing = "unix://" + dir.resolve("docker.sock");
    String podman = serve("podman.sock", "HTTP/1.0 200 OK\r\n\r\nOK", new AtomicReference<>());

    assertThat(SocketPing.firstAnswering(List.of(missing, podman), TIMEOUT)).contains(podman);
    assertThat(SocketPing.firstAnswering(List.of(missing), TIMEOUT)).isEmpty();
    assertThat(SocketPing.handles(List.of(missing, podman))).isTrue();
    assertThat(SocketPing.handles(List.of(missing, "tcp://127.0.0.1:2375"))).isFalse();
  }
}
