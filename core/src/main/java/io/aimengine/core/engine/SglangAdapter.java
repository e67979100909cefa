package io.aimengine.core.engine;

import io.aimengine.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SGLang: {@code python3 -m sglang.launch_server --model-path MODEL [flags] --host H --port P}.
 * SGLang binds 127.0.0.1 by default, so the host is always passed; its Prometheus endpoint is off
 * by default, so {@code --enable-metrics} is added unless the recipe says otherwise. Boolean flags
 * are store_true: false is omitted. Health {@code /health}, readiness {@code /v1/models}, default
 * port 30000.
 */
public final class SglangAdapter implements EngineAdapter {
  static final Set<String> OWNED = Set.of("model", "model-path", "host", "port");

  @Override
  public EngineKind kind() {
    return EngineKind.SGLANG;
  }

  @Override
  public int defaultPort() {
    return 30000;
  }

  @Override
  public String healthPath() {
    return "/health";
  }

  @Override
  public String readinessPath() {
    return "/v1/models";
  }

  @Override
  public List<String> highlightMetrics() {
    return List.of(
        "sglang:num_running_reqs",
        "sglang:num_queue_reqs",
        "sglang:token_usage",
        "sglang:prompt_tokens_total",
        "sglang:generation_tokens_total",
        "sglang:gen_throughput");
  }

  @Override
  public LaunchSpec launchSpec(Plan plan, LaunchOptions options) {
    return Launches.build(
        this, plan, options, (o, model, host, port) -> argv(plan, o, model, host, port));
  }

  private static List<String> argv(
      Plan plan, LaunchOptions o, String model, String host, int port) {
    List<String> argv =
        new ArrayList<>(
            o.engineCommand() != null
                ? o.engineCommand()
                : List.of("python3", "-m", "sglang.launch_server"));
    argv.addAll(List.of("--model-path", model));
    Map<String, Object> args = new java.util.LinkedHashMap<>(plan.recipe().canonicalArgs());
    if (!args.containsKey("served-model-name") && !plan.model().equals(plan.servedModel())) {
      args.put("served-model-name", plan.model());
    }
    if (plan.pinnedRevision() && !args.containsKey("revision")) {
      args.put("revision", plan.revision()); // the engine resolves it in the cache, offline
    }
    if (!args.containsKey("enable-metrics")) {
      args.put("enable-metrics", null);
    }
    argv.addAll(RecipeFlags.render(EngineKind.SGLANG, args));
    argv.addAll(List.of("--host", host, "--port", String.valueOf(port)));
    return argv;
  }
}
