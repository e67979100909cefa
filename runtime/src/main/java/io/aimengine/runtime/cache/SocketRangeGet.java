package io.aimengine.runtime.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Range GETs over plain blocking sockets (TLS through the JDK's default context, host name
 * verified): a minimal HTTP/1.1 client for the one request shape a download makes, reading each
 * megabyte straight into the sink. It costs a fraction of {@code java.net.http}'s CPU per byte,
 * which is what bounds a parallel download once the network is fast. Connections are kept alive and
 * reused per origin. Only direct connections (no proxy for the URI), and only responses framed by
 * Content-Length; anything else is {@link Unsupported} and goes through {@link JdkRangeGet}.
 * Thread-safe.
 */
final class SocketRangeGet implements RangeGet {
  /** The response is one this client does not handle (chunked, HTTP/1.0 without length). */
  static final class Unsupported extends IOException {
    private static final long serialVersionUID = 1L;

    Unsupported(String why) {
      super(why);
    }
  }

  private static final int BUF = 1 << 20;
  private static final int MAX_HEAD = 64 << 10;

  private final Duration connectTimeout;
  private final Duration stallTimeout;
  private final Map<String, ConcurrentLinkedDeque<Socket>> idle = new ConcurrentHashMap<>();

  SocketRangeGet(Duration connectTimeout, Duration stallTimeout) {
    this.connectTimeout = connectTimeout;
    this.stallTimeout = stallTimeout;
  }

  /** True for http(s) URIs the default proxy selector sends directly. */
  static boolean usable(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return false;
    }
    ProxySelector ps = ProxySelector.getDefault();
    if (ps == null) {
      return true;
    }
    List<Proxy> proxies = ps.select(uri);
    return proxies.isEmpty() || proxies.stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
  }

  @Override
  public Response get(
      URI uri, long from, long to, Map<String, String> headers, HubClient.Sink sink, String what)
      throws IOException {
    String origin = origin(uri);
    Socket s = idle.computeIfAbsent(origin, k -> new ConcurrentLinkedDeque<>()).pollFirst();
    boolean reused = s != null;
    if (s == null) {
      s = open(uri);
    }
    try {
      return exchange(s, origin, uri, from, to, headers, sink, what);
    } catch (Stale e) {
      // A kept-alive connection the server had closed: one fresh try, as browsers do.
      close(s);
      if (!reused) {
        throw new Transient("connection to " + origin + " closed before the response", e);
      }
      Socket fresh = open(uri);
      try {
        return exchange(fresh, origin, uri, from, to, headers, sink, what);
      } catch (Stale again) {
        close(fresh);
        throw new Transient("connection to " + origin + " closed before the response", again);
      } catch (IOException | RuntimeException ex) {
        close(fresh);
        throw ex;
      }
    } catch (IOException | RuntimeException e) {
      close(s);
      throw e;
    }
  }

  /** Nothing of the response arrived: the request may be sent again. */
  private static final class Stale extends IOException {
    private static final long serialVersionUID = 1L;

    Stale(String m) {
      super(m);
    }
  }

  private Response exchange(
      Socket s,
      String origin,
      URI uri,
      long from,
      long to,
      Map<String, String> headers,
      HubClient.Sink sink,
      String what)
      throws IOException {
    StringBuilder req = new StringBuilder();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    req.append("GET ").append(path);
    if (uri.getRawQuery() != null) {
      req.append('?').append(uri.getRawQuery());
    }
    req.append(" HTTP/1.1\r\nHost: ").append(hostHeader(uri)).append("\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("Range: bytes=").append(from).append('-').append(to).append("\r\n");
    req.append("Connection: keep-alive\r\n\r\n");
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[BUF];
    int have = 0;
    int headEnd = -1;
    try {
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      while (headEnd < 0) {
        int n = in.read(buf, have, Math.min(buf.length, MAX_HEAD) - have);
        if (n < 0) {
          if (have == 0) {
            throw new Stale("closed");
          }
          throw new Transient(
              "connection to " + origin + " closed inside the response headers", (Duration) null);
        }
        have += n;
        headEnd = endOfHead(buf, have);
        if (headEnd < 0 && have >= MAX_HEAD) {
          throw new Unsupported("response headers larger than " + MAX_HEAD + " bytes");
        }
      }
    } catch (SocketTimeoutException e) {
      throw stalled(what);
    } catch (Stale | Transient | Unsupported e) {
      throw e;
    } catch (IOException e) {
      if (have == 0) {
        throw new Stale(e.getMessage());
      }
      throw e;
    }
    String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new Unsupported("not an HTTP/1.x response: " + lines[0]);
    }
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        h.computeIfAbsent(lines[i].substring(0, c).trim(), k -> new ArrayList<>())
            .add(lines[i].substring(c + 1).trim());
      }
    }
    HttpHeaders hh = HttpHeaders.of(h, (k, v) -> true);
    boolean keepAlive =
        statusLine[0].equals("HTTP/1.1")
            && !hh.firstValue("Connection").orElse("").equalsIgnoreCase("close");
    if (hh.firstValue("Transfer-Encoding").isPresent()) {
      throw new Unsupported("Transfer-Encoding " + hh.firstValue("Transfer-Encoding").get());
    }
    long length = hh.firstValueAsLong("Content-Length").orElse(-1);
    int extra = have - headEnd;
    System.arraycopy(buf, headEnd, buf, 0, extra);
    if (status != 200 && status != 206) {
      if (length < 0) {
        close(s);
      } else {
        discard(in, buf, extra, length, what);
        release(s, origin, keepAlive);
      }
      return new Response(status, hh, 0, null);
    }
    if (length < 0) {
      throw new Unsupported("a " + status + " without Content-Length");
    }
    long skip = 0;
    long want = to - from + 1;
    if (status == 206) {
      String cr = hh.firstValue("Content-Range").orElse("");
      if (!cr.startsWith("bytes " + from + "-")) {
        discard(in, buf, extra, length, what);
        release(s, origin, keepAlive);
        return new Response(status, hh, 0, cr.isEmpty() ? "no Content-Range" : "'" + cr + "'");
      }
    } else {
      skip = from; // a 200: the server ignored Range
    }
    long received = body(in, buf, extra, length, skip, want, sink, what);
    if (received == want && skip + want == length) {
      release(s, origin, keepAlive);
    } else {
      close(s); // stopped reading inside the body
    }
    return new Response(status, hh, received, null);
  }

  /** Streams the body: skips {@code skip}, hands on {@code want} bytes a buffer at a time. */
  private long body(
      InputStream in,
      byte[] buf,
      int n,
      long length,
      long skip,
      long want,
      HubClient.Sink sink,
      String what)
      throws IOException {
    long read = n;
    long given = 0;
    int fill = n;
    Pace pace = new Pace(stallTimeout, System.nanoTime());
    try {
      while (true) {
        // Drop what lies before the range (200 to a ranged request).
        if (skip > 0 && fill > 0) {
          int drop = (int) Math.min(skip, fill);
          System.arraycopy(buf, drop, buf, 0, fill - drop);
          fill -= drop;
          skip -= drop;
        }
        boolean bodyDone = read >= length;
        if (skip == 0 && fill > 0 && (fill == buf.length || bodyDone || given + fill >= want)) {
          int k = (int) Math.min(fill, want - given);
          sink.write(ByteBuffer.wrap(buf, 0, k));
          given += k;
          fill = 0;
          if (given == want) {
            return given;
          }
        }
        if (bodyDone) {
          throw new Transient(
              "server ended " + what + " after " + given + " of " + want + " bytes",
              (Duration) null);
        }
        int r = in.read(buf, fill, (int) Math.min(buf.length - fill, length - read));
        if (r < 0) {
          if (fill > 0 && skip == 0) {
            int k = (int) Math.min(fill, want - given);
            sink.write(ByteBuffer.wrap(buf, 0, k));
            given += k;
          }
          throw new Transient(
              "download of "
                  + what
                  + " broke off: connection closed after "
                  + given
                  + " of "
                  + want
                  + " bytes",
              (Duration) null);
        }
        fill += r;
        read += r;
        pace.add(r);
        long now = System.nanoTime();
        if (pace.slow(now)) {
          if (skip == 0) {
            sink.write(ByteBuffer.wrap(buf, 0, (int) Math.min(fill, want - given)));
          }
          throw pace.stalled(what, now);
        }
      }
    } catch (SocketTimeoutException e) {
      if (fill > 0 && skip == 0) {
        sink.write(ByteBuffer.wrap(buf, 0, (int) Math.min(fill, want - given)));
      }
      throw stalled(what);
    } catch (IOException e) {
      if (e instanceof Transient || e instanceof Unsupported) {
        throw e;
      }
      if (fill > 0 && skip == 0) {
        sink.write(ByteBuffer.wrap(buf, 0, (int) Math.min(fill, want - given)));
      }
      throw new Transient("download of " + what + " broke off: " + Transient.io(e).getMessage(), e);
    }
  }

  private void discard(InputStream in, byte[] buf, int have, long length, String what)
      throws IOException {
    long left = length - have;
    try {
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          return;
        }
        left -= r;
      }
    } catch (SocketTimeoutException e) {
      throw stalled(what);
    }
  }

  private Transient stalled(String what) {
    return new Transient(
        "download of " + what + " stalled: no data for " + stallTimeout.toSeconds() + " s",
        (Duration) null);
  }

  private Socket open(URI uri) throws IOException {
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.setReceiveBufferSize(4 << 20);
      raw.connect(new InetSocketAddress(uri.getHost(), port), (int) connectTimeout.toMillis());
      raw.setSoTimeout((int) stallTimeout.toMillis());
      if (!tls) {
        return raw;
      }
      SSLSocket s =
          (SSLSocket)
              ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(raw, uri.getHost(), port, true);
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // verify the certificate names this host
      p.setApplicationProtocols(new String[] {"http/1.1"});
      s.setSSLParameters(p);
      s.setSoTimeout((int) stallTimeout.toMillis());
      s.startHandshake();
      return s;
    } catch (SocketTimeoutException e) {
      raw.close();
      throw new Transient("connecting to " + uri.getHost() + ":" + port + " timed out", e);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private void release(Socket s, String origin, boolean keepAlive) {
    if (keepAlive && !s.isClosed()) {
      idle.computeIfAbsent(origin, k -> new ConcurrentLinkedDeque<>()).offerFirst(s);
    } else {
      close(s);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Closes the kept-alive connections. */
  void closeIdle() {
    idle.values().forEach(q -> q.forEach(SocketRangeGet::close));
    idle.clear();
  }

  private static String origin(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + uri.getPort();
  }

  private static String hostHeader(URI uri) {
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    return uri.getPort() > 0 ? host + ":" + uri.getPort() : host;
  }

  /** The index just past the blank line ending the headers, or -1. */
  private static int endOfHead(byte[] b, int n) {
    for (int i = 3; i < n; i++) {
      if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }
}
