package io.aimengine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in HTTP forward proxy on loopback (an ephemeral port) for tests: absolute-form requests
 * ({@code GET http://host:port/path HTTP/1.1}) are relayed to their origin over a fresh connection,
 * {@code CONNECT host:port} opens a tunnel. Each connection carries one request ({@code Connection:
 * close}), which keeps the relay simple. Records the request line of every request it saw, and with
 * {@link #requireCredentials} answers 407 to requests without the expected {@code
 * Proxy-Authorization}. Closes everything on {@link #close}.
 */
public final class ForwardProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile String expectedAuth;

  private ForwardProxy(ServerSocket server) {
    this.server = server;
    Thread t = new Thread(this::acceptLoop, "forward-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** Starts a proxy on 127.0.0.1 and an ephemeral port. */
  public static ForwardProxy start() throws IOException {
    return new ForwardProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  /** "http://127.0.0.1:PORT". */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Request lines seen ("GET http://127.0.0.1:1234/x HTTP/1.1", "CONNECT host:443 HTTP/1.1"). */
  public List<String> requests() {
    return List.copyOf(seen);
  }

  /** From now on, answer 407 unless the request carries these Basic credentials. */
  public void requireCredentials(String user, String password) {
    expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String requestLine = lines[0];
      seen.add(requestLine);
      String auth = header(lines, "Proxy-Authorization");
      OutputStream out = client.getOutputStream();
      if (expectedAuth != null && !expectedAuth.equals(auth)) {
        out.write(
            ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                    + " realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return;
      }
      String[] parts = requestLine.split(" ");
      if (parts[0].equalsIgnoreCase("CONNECT")) {
        String[] hp = parts[1].split(":");
        try (Socket origin = new Socket(hp[0], Integer.parseInt(hp[1]))) {
          open.add(origin);
          out.write(
              "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          pump(origin, client);
        }
        return;
      }
      URI target = URI.create(parts[1]);
      int port = target.getPort() > 0 ? target.getPort() : 80;
      try (Socket origin = new Socket()) {
        open.add(origin);
        origin.connect(new InetSocketAddress(target.getHost(), port), 5000);
        StringBuilder fwd = new StringBuilder();
        String path =
            target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        fwd.append(parts[0]).append(' ').append(path).append(' ').append(parts[2]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
          String l = lines[i].toLowerCase(Locale.ROOT);
          if (l.startsWith("proxy-") || l.startsWith("connection:")) {
            continue;
          }
          fwd.append(lines[i]).append("\r\n");
        }
        fwd.append("Connection: close\r\n\r\n");
        origin.getOutputStream().write(fwd.toString().getBytes(StandardCharsets.ISO_8859_1));
        origin.getOutputStream().flush();
        // Requests through this proxy carry no body (GET/HEAD); the answer is relayed to the end.
        origin.getInputStream().transferTo(out);
        out.flush();
      }
    } catch (IOException e) {
      // the client or the origin went away: nothing to report
    }
  }

  private static void pump(Socket origin, Socket client) throws IOException {
    Thread up =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    client.getInputStream().transferTo(origin.getOutputStream());
                  } catch (IOException e) {
                    // closed
                  } finally {
                    try {
                      origin.shutdownOutput();
                    } catch (IOException e) {
                      // closed
                    }
                  }
                });
    try {
      origin.getInputStream().transferTo(client.getOutputStream());
    } finally {
      up.interrupt();
    }
  }

  private static String header(String[] lines, String name) {
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0 && lines[i].substring(0, c).trim().equalsIgnoreCase(name)) {
        return lines[i].substring(c + 1).trim();
      }
    }
    return null;
  }

  /** The request head up to the blank line, or null when the connection closed first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      state =
          switch (state) {
            case 0, 2 -> c == '\r' ? state + 1 : 0;
            case 1 -> c == '\n' ? 2 : 0;
            case 3 -> c == '\n' ? 4 : 0;
            default -> 0;
          };
      if (state == 4) {
        String h = b.toString(StandardCharsets.ISO_8859_1);
        return h.substring(0, h.length() - 4);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
