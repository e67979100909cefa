package io.aimengine.runtime.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes a running endpoint for {@code status}: its health path once, and its Prometheus {@code
 * /metrics} for the adapter's highlight metrics (summed over label sets).
 */
public final class Liveness {
  private final HttpProbe http;

  public Liveness(HttpProbe http) {
    this.http = http;
  }

  /**
   * One health check.
   *
   * @param healthy true on 200
   * @param status HTTP status, -1 when unreachable
   * @param detail "200", "503", "unreachable (...)"
   * @param latency time taken
   */
  public record Health(boolean healthy, int status, String detail, Duration latency) {}

  public Health health(String baseUrl, String healthPath) {
    HttpProbe.Answer a = http.get(baseUrl + healthPath, Duration.ofSeconds(3));
    return new Health(a.status() == 200, a.status(), a.describe(), a.took());
  }

  /** Values of the named metrics the engine serves (absent ones are left out). */
  public Map<String, Double> metrics(String baseUrl, List<String> names) {
    HttpProbe.Answer a = http.get(baseUrl + "/metrics", Duration.ofSeconds(3));
    Map<String, Double> out = new LinkedHashMap<>();
    if (!a.ok()) {
      return out;
    }
    return PrometheusText.pick(a.body(), names);
  }
}
