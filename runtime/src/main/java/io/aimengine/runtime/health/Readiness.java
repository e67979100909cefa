package io.aimengine.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until a starting engine really serves: its health path answers 200 (polled every 10 ms, so
 * readiness is seen within ~10 ms of it turning healthy), then its readiness path ({@code
 * /v1/models}) and a smoke completion ({@code POST /v1/completions}, 4 tokens, temperature 0) —
 * proof that the model generates. The model list and the smoke completion are sent together (an
 * engine that is healthy has nearly always registered its model: that saves a round trip); a smoke
 * completion that failed while the list did not answer yet is sent again once it does. Fails at
 * once when the process exits during start-up.
 */
public final class Readiness {
  static final Duration POLL = Duration.ofMillis(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpProbe http;

  public Readiness(HttpProbe http) {
    this.http = http;
  }

  /**
   * What readiness waiting found.
   *
   * @param outcome READY, EXITED (process ended), TIMEOUT, or SMOKE_FAILED
   * @param detail one line for the user
   * @param healthyAfter from the start of waiting to the first 200 from the health path
   * @param healthToReady from that 200 to the smoke completion's answer
   * @param smokeText what the smoke completion generated
   * @param smokeTokens tokens it reported (usage.completion_tokens), -1 when not reported
   */
  public record Result(
      Outcome outcome,
      String detail,
      Duration healthyAfter,
      Duration healthToReady,
      String smokeText,
      int smokeTokens) {}

  public enum Outcome {
    READY,
    EXITED,
    TIMEOUT,
    SMOKE_FAILED
  }

  /**
   * Waits for the engine at {@code baseUrl}.
   *
   * @param processAlive false once the engine process has ended
   * @param budget start-up budget
   */
  public Result await(
      String baseUrl,
      String healthPath,
      String readinessPath,
      String servedModel,
      BooleanSupplier processAlive,
      Duration budget) {
    return await(baseUrl, healthPath, readinessPath, servedModel, processAlive, budget, d -> {});
  }

  /**
   * Like {@link #await(String, String, String, String, BooleanSupplier, Duration)}, calling {@code
   * onHealthy} with the time to health once the health path answers 200 (the model is loaded; the
   * model list and the smoke completion, the warm-up, follow).
   */
  public Result await(
      String baseUrl,
      String healthPath,
      String readinessPath,
      String servedModel,
      BooleanSupplier processAlive,
      Duration budget,
      java.util.function.Consumer<Duration> onHealthy) {
    long t0 = System.nanoTime();
    long deadline = t0 + budget.toNanos();
    String smokeJson = smokeRequest(servedModel);
    // What runs once healthy is warmed while the engine loads, off the critical path.
    try {
      parse(CANNED_ANSWER);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    HttpProbe.Answer last = null;
    while (true) {
      if (!processAlive.getAsBoolean()) {
        return fail(Outcome.EXITED, "the engine exited during start-up", t0);
      }
      last = http.get(baseUrl + healthPath, Duration.ofSeconds(2));
      if (last.status() == 200) {
        break;
      }
      if (System.nanoTime() > deadline) {
        return fail(
            Outcome.TIMEOUT,
            "not healthy after "
                + budget.toSeconds()
                + " s (last "
                + healthPath
                + ": "
                + last.describe()
                + "); raise --timeout if the model needs longer to load",
            t0);
      }
      sleep(POLL);
    }
    long healthy = System.nanoTime();
    java.util.concurrent.CompletableFuture<HttpProbe.Answer> early =
        new java.util.concurrent.CompletableFuture<>();
    Thread.ofVirtual()
        .name("aim-engine-smoke")
        .start(() -> early.complete(smoke(baseUrl, smokeJson)));
    // Told once the smoke completion is on its way: what the listener does (the launch records a
    // phase in the state database, a commit with its fsync, and prints it) overlaps with it.
    onHealthy.accept(Duration.ofNanos(healthy - t0));
    // Readiness path: some engines answer /health before the model is registered; wait for it too.
    boolean listedAtOnce = true;
    while (true) {
      HttpProbe.Answer r = http.get(baseUrl + readinessPath, Duration.ofSeconds(5));
      if (r.ok()) {
        break;
      }
      listedAtOnce = false;
      if (!processAlive.getAsBoolean()) {
        return fail(Outcome.EXITED, "the engine exited during start-up", t0);
      }
      if (System.nanoTime() > deadline) {
        return fail(
            Outcome.TIMEOUT,
            readinessPath
                + " still answers "
                + r.describe()
                + " after "
                + budget.toSeconds()
                + " s",
            t0);
      }
      sleep(POLL);
    }
    HttpProbe.Answer smoke = early.join();
    if (!smoke.ok() && (!listedAtOnce || smoke.status() == 404)) {
      smoke = smoke(baseUrl, smokeJson); // it went out before the model was registered
    }
    long done = System.nanoTime();
    if (!smoke.ok()) {
      return new Result(
          Outcome.SMOKE_FAILED,
          "smoke completion failed: " + smoke.describe() + " " + abbreviate(smoke.body()),
          Duration.ofNanos(healthy - t0),
          Duration.ofNanos(done - healthy),
          null,
          -1);
    }
    String text = "";
    int tokens = -1;
    try {
      JsonNode body = parse(smoke.body());
      text = body.at("/choices/0/text").asText("");
      tokens = body.at("/usage/completion_tokens").asInt(-1);
    } catch (java.io.IOException e) {
      return new Result(
          Outcome.SMOKE_FAILED,
          "smoke completion answered non-JSON: " + abbreviate(smoke.body()),
          Duration.ofNanos(healthy - t0),
          Duration.ofNanos(done - healthy),
          null,
          -1);
    }
    if (tokens == 0) {
      return new Result(
          Outcome.SMOKE_FAILED,
          "smoke completion generated no tokens",
          Duration.ofNanos(healthy - t0),
          Duration.ofNanos(done - healthy),
          text,
          tokens);
    }
    return new Result(
        Outcome.READY,
        "ready",
        Duration.ofNanos(healthy - t0),
        Duration.ofNanos(done - healthy),
        text,
        tokens);
  }

  /**
   * An answer of the smoke completion's form, parsed while the engine loads (see {@link #await}).
   */
  private static final String CANNED_ANSWER =
      "{\"choices\":[{\"text\":\" world\"}],\"usage\":{\"completion_tokens\":4}}";

  private static JsonNode parse(String json) throws java.io.IOException {
    JsonNode n = JSON.readTree(json);
    n.at("/choices/0/text").asText("");
    n.at("/usage/completion_tokens").asInt(-1);
    return n;
  }

  private static String smokeRequest(String servedModel) {
    ObjectNode req = JSON.createObjectNode();
    req.put("model", servedModel).put("prompt", "Hello").put("max_tokens", 4).put("temperature", 0);
    return req.toString();
  }

  private HttpProbe.Answer smoke(String baseUrl, String json) {
    return http.postJson(baseUrl + "/v1/completions", json, Duration.ofSeconds(60));
  }

  private static Result fail(Outcome o, String detail, long t0) {
    return new Result(o, detail, Duration.ofNanos(System.nanoTime() - t0), null, null, -1);
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return one.length() > 200 ? one.substring(0, 200) + "..." : one;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    }
  }
}
