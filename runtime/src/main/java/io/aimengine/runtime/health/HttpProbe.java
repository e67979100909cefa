package io.aimengine.runtime.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP seam of the health component: GET and POST with short timeouts, never throwing for
 * network failures (they come back as status -1 with the error). Thread-safe.
 *
 * <p>Built on {@link HttpURLConnection} rather than {@code java.net.http}: the latter initialises
 * the whole TLS stack (default SSL context, trust store) when a client is built, which costs a
 * short-lived CLI 0.5-1 s of start-up CPU for what are plain-HTTP loopback probes. Connections are
 * kept alive between polls by the JDK's keep-alive cache.
 */
public final class HttpProbe {
  /** One answer: status code (-1 when no HTTP answer), body, time taken, error text. */
  public record Answer(int status, String body, Duration took, String error) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** "200", "503", or "unreachable (Connection refused)". */
    public String describe() {
      return status > 0 ? String.valueOf(status) : "unreachable (" + error + ")";
    }
  }

  public Answer get(String url, Duration timeout) {
    return send("GET", url, null, timeout);
  }

  public Answer postJson(String url, String json, Duration timeout) {
    return send("POST", url, json, timeout);
  }

  private Answer send(String method, String url, String json, Duration timeout) {
    long t0 = System.nanoTime();
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout((int) Math.min(timeout.toMillis(), 2000));
      c.setReadTimeout((int) timeout.toMillis());
      c.setUseCaches(false);
      if (json != null) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setFixedLengthStreamingMode(b.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(b);
        }
      }
      int status = c.getResponseCode();
      String body;
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Answer(status, body, Duration.ofNanos(System.nanoTime() - t0), null);
    } catch (IOException | IllegalArgumentException e) {
      if (c != null) {
        c.disconnect();
      }
      String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      return new Answer(-1, "", Duration.ofNanos(System.nanoTime() - t0), msg);
    }
  }
}
