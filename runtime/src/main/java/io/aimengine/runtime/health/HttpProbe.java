package io.aimengine.runtime.health;

import io.aimengine.runtime.http.HttpClients;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP seam of the health component: GET and POST with short timeouts, never throwing for
 * network failures (they come back as status -1 with the error). Thread-safe.
 *
 * <p>On the shared loopback client of {@link HttpClients}: never through a proxy (engines run on
 * this machine), cleartext only, so it never initialises the TLS stack, and connections are kept
 * alive between polls, so a readiness poll costs one request on an open connection.
 */
public final class HttpProbe {
  private static final MediaType JSON = MediaType.get("application/json");

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

  private final Map<Duration, OkHttpClient> clients = new ConcurrentHashMap<>();

  public Answer get(String url, Duration timeout) {
    return send(new Request.Builder().get(), url, timeout);
  }

  public Answer postJson(String url, String json, Duration timeout) {
    return send(new Request.Builder().post(RequestBody.create(json, JSON)), url, timeout);
  }

  private Answer send(Request.Builder b, String url, Duration timeout) {
    long t0 = System.nanoTime();
    try {
      OkHttpClient c =
          clients.computeIfAbsent(
              timeout,
              t ->
                  HttpClients.loopback(t)
                      .newBuilder()
                      .connectTimeout(
                          t.compareTo(Duration.ofSeconds(2)) < 0 ? t : Duration.ofSeconds(2))
                      .build());
      try (Response r = c.newCall(b.url(url).build()).execute()) {
        return new Answer(
            r.code(), r.body().string(), Duration.ofNanos(System.nanoTime() - t0), null);
      }
    } catch (IOException | IllegalArgumentException e) {
      return new Answer(-1, "", Duration.ofNanos(System.nanoTime() - t0), why(e));
    }
  }

  /** The innermost message ("Connection refused" rather than "Failed to connect to …"). */
  private static String why(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause().getMessage() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
