package io.aimengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.runtime.endpoint.Endpoints;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.EndpointState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine status NAME}: one endpoint in depth, with a live health probe. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show one endpoint: state, live health, metrics and history.",
      "Plan summary, state, a live health probe, pid, log, GPUs, the engine's key metrics, and its"
          + " history (restarts, stops)."
    })
public final class StatusCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "Endpoint name (see 'list').")
  String name;

  @Option(names = "--json", description = "Print JSON (fields in docs/operations.md).")
  boolean json;

  public StatusCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Endpoints.Status s = app.endpoints().status(name);
    Endpoint e = s.endpoint();
    JsonNode plan = plan(e);
    if (json) {
      Map<String, Object> m = EndpointView.of(e, Instant.now());
      m.put("engine_pid", s.enginePid());
      Map<String, Object> h = null;
      if (s.health() != null) {
        h = new LinkedHashMap<>();
        h.put("healthy", s.health().healthy());
        h.put("status", s.health().status() > 0 ? s.health().status() : null);
        h.put("detail", s.health().detail());
        h.put("latency_ms", s.health().latency().toMillis());
      }
      m.put("phase", phase(e, s.events(), Instant.now()));
      m.put("health", h);
      m.put("metrics", s.metrics());
      m.put("argv", e.argv());
      m.put("plan", plan);
      m.put("events", s.events());
      Json.print(out, m);
      return 0;
    }
    out.println(e.name());
    row(
        out,
        "state",
        app.colour().state(e.state().label())
            + (e.exitCode() != null ? " (exit code " + e.exitCode() + ")" : ""));
    Map<String, Object> phase = phase(e, s.events(), Instant.now());
    if (phase != null) {
      row(
          out,
          "phase",
          phase.get("name")
              + " for "
              + Durations.human(Duration.ofSeconds((Long) phase.get("for_s")))
              + " ("
              + phase.get("message")
              + ")");
    }
    if (s.health() != null) {
      row(
          out,
          "health",
          (s.health().healthy()
                  ? "healthy"
                  : e.state() == EndpointState.STARTING ? "not ready yet" : "UNHEALTHY")
              + " ("
              + e.healthPath()
              + " → "
              + s.health().detail()
              + ", "
              + s.health().latency().toMillis()
              + " ms)");
    }
    row(out, "url", e.url() + "/v1  (model \"" + e.servedModel() + "\")" + e.bindNote());
    row(out, "model", e.model());
    row(out, "engine", e.engine() + " (" + e.runtime() + ")");
    if (plan != null) {
      row(
          out,
          "plan",
          (e.gpus().isEmpty() ? "CPU" : e.gpus().size() + " × " + e.gpuModel())
              + ", "
              + plan.path("precision").asText("?")
              + ", TP "
              + plan.path("tensor_parallel_size").asText("?")
              + ", recipe "
              + e.recipeId());
    }
    row(out, "gpus", e.gpus().isEmpty() ? "none (CPU)" : e.gpus().toString());
    row(
        out,
        "pid",
        e.pid() > 0
            ? e.pid()
                + " (group leader)"
                + (s.enginePid() != null ? ", engine " + s.enginePid() : "")
            : "-");
    Duration up = EndpointView.uptime(e, Instant.now());
    if (up != null) {
      row(out, "uptime", Durations.human(up));
    }
    row(out, "restarts", e.restarts() + " (policy " + e.restartPolicy() + ")");
    row(out, "log", e.logPath().toString());
    if (e.lastError() != null) {
      row(out, "last error", e.lastError());
    }
    if (!s.metrics().isEmpty()) {
      out.println("Metrics");
      s.metrics().forEach((k, v) -> out.printf("  %-40s %s%n", k, number(v)));
    }
    if (!s.events().isEmpty()) {
      out.println("History");
      s.events().forEach(l -> out.println("  " + l));
    }
    out.flush();
    return 0;
  }

  /**
   * Where a starting endpoint is in its start-up (pull, load, warm-up: the last {@code phase} event
   * its launcher recorded): {@code name}, {@code since}, {@code for_s}, {@code message}; null when
   * it is not starting or no phase was recorded.
   */
  static Map<String, Object> phase(Endpoint e, List<String> events, Instant now) {
    if (e.state() != io.aimengine.runtime.store.EndpointState.STARTING) {
      return null;
    }
    for (int i = events.size() - 1; i >= 0; i--) {
      String[] parts = events.get(i).split(" ", 3);
      if (parts.length == 3 && parts[1].equals("phase")) {
        int colon = parts[2].indexOf(": ");
        Instant since = Instant.parse(parts[0]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", colon < 0 ? parts[2] : parts[2].substring(0, colon));
        m.put("since", since.toString());
        m.put("for_s", Math.max(0, Duration.between(since, now).toSeconds()));
        m.put("message", colon < 0 ? "" : parts[2].substring(colon + 2));
        return m;
      }
    }
    return null;
  }

  private static JsonNode plan(Endpoint e) {
    if (e.planJson() == null) {
      return null;
    }
    try {
      return Json.mapper().readTree(e.planJson());
    } catch (java.io.IOException ex) {
      return null;
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }

  private static void row(PrintWriter out, String k, String v) {
    out.printf("  %-11s %s%n", k, v);
  }
}
