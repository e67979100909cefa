package io.aimengine.runtime.container;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Docker Engine API endpoint on a Unix socket answers, asked the cheap way: one {@code
 * GET /_ping} written to the socket and the status line read back, within a timeout. {@code plan}
 * only has to say which runtime a launch would use (and why), so it does not pay for docker-java's
 * client (~0.3 s of start-up); {@code launch} opens the full client ({@link ContainerEngine}).
 * Endpoints other than {@code unix://} (TCP, possibly TLS) are not asked here.
 */
public final class SocketPing {
  private static final byte[] REQUEST =
      "GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private SocketPing() {}

  /** True when every host is a {@code unix://} socket, so {@link #firstAnswering} can ask them. */
  public static boolean handles(List<String> hosts) {
    return hosts.stream().allMatch(h -> h.startsWith("unix://"));
  }

  /**
   * The first of {@code hosts} (all {@code unix://}) that answers its ping; empty when none does.
   */
  public static Optional<String> firstAnswering(List<String> hosts, Duration timeout) {
    for (String host : hosts) {
      if (answers(host, timeout)) {
        return Optional.of(host);
      }
    }
    return Optional.empty();
  }

  /**
   * True when the socket at {@code host} ({@code unix:///path}) answers {@code GET /_ping} with
   * status 200 within {@code timeout}; false when it is missing, refuses, is silent or answers
   * anything else.
   */
  public static boolean answers(String host, Duration timeout) {
    if (!host.startsWith("unix://")) {
      throw new IllegalArgumentException("not a unix:// endpoint: " + host);
    }
    Path path = Path.of(host.substring("unix://".length()));
    if (!Files.exists(path) || Files.isDirectory(path)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      // A silent peer (or a full backlog) blocks; closing the channel ends the wait.
      Thread watchdog = new Thread(() -> closeAfter(ch, timeout), "aim-socket-ping");
      watchdog.setDaemon(true);
      watchdog.start();
      try {
        ch.connect(UnixDomainSocketAddress.of(path));
        ByteBuffer out = ByteBuffer.wrap(REQUEST);
        while (out.hasRemaining()) {
          ch.write(out);
        }
        return statusLine(ch).matches("HTTP/1\\.[01] 200( .*)?");
      } finally {
        watchdog.interrupt();
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The response's first line, read up to its CRLF (at most 256 bytes). */
  private static String statusLine(SocketChannel ch) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(256);
    while (in.hasRemaining()) {
      if (ch.read(in) < 0) {
        break;
      }
      for (int i = 1; i < in.position(); i++) {
        if (in.get(i - 1) == '\r' && in.get(i) == '\n') {
          return new String(in.array(), 0, i - 1, StandardCharsets.US_ASCII);
        }
      }
    }
    return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
  }

  private static void closeAfter(SocketChannel ch, Duration timeout) {
    try {
      Thread.sleep(timeout);
      ch.close();
    } catch (InterruptedException | IOException e) {
      // answered in time (interrupted), or already closed
    }
  }
}
