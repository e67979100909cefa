package io.aimengine.runtime.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP seam of the health component: GET and POST with short timeouts, never throwing for
 * network failures (they come back as status -1 with the error). Thread-safe.
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

  private final HttpClient client;

  public HttpProbe() {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  public Answer get(String url, Duration timeout) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
  }

  public Answer postJson(String url, String json, Duration timeout) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private Answer send(HttpRequest req) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), Duration.ofNanos(System.nanoTime() - t0), null);
    } catch (IOException e) {
      String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      return new Answer(-1, "", Duration.ofNanos(System.nanoTime() - t0), msg);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "", Duration.ofNanos(System.nanoTime() - t0), "interrupted");
    }
  }
}
