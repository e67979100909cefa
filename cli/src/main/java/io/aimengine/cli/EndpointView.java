package io.aimengine.cli;

import io.aimengine.runtime.store.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an endpoint ({@code list --json}, {@code status --json}, {@code launch --json};
 * docs/operations.md, "Endpoints"). Field names are a stable contract: add, never rename or remove.
 */
final class EndpointView {
  private EndpointView() {}

  static Map<String, Object> of(Endpoint e, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("model", e.model());
    m.put("served_model", e.servedModel());
    m.put("engine", e.engine());
    m.put("runtime", e.runtime());
    m.put("state", e.state().label());
    m.put("url", e.url());
    m.put("host", e.host());
    m.put("port", e.port());
    m.put("gpu_model", e.gpuModel());
    m.put("gpus", e.gpus());
    m.put("pid", e.pid() > 0 ? e.pid() : null);
    m.put("container_id", e.containerId());
    m.put("uptime_s", uptime(e, now) == null ? null : uptime(e, now).toSeconds());
    m.put("recipe_id", e.recipeId());
    m.put("restart_policy", e.restartPolicy());
    m.put("restarts", e.restarts());
    m.put("exit_code", e.exitCode());
    m.put("last_error", e.lastError());
    m.put("log_path", e.logPath().toString());
    m.put("created_at", str(e.createdAt()));
    m.put("ready_at", str(e.readyAt()));
    m.put("ended_at", str(e.endedAt()));
    return m;
  }

  /** Time since the launch began, while the endpoint is active; null once it ended. */
  static Duration uptime(Endpoint e, Instant now) {
    if (!e.state().active() || e.createdAt() == null) {
      return null;
    }
    return Duration.between(e.createdAt(), now);
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
