package io.aimengine.core.engine;

import io.aimengine.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * llama.cpp's server for GGUF models: {@code llama-server --model FILE [flags] --host H --port P}
 * (flags --ctx-size, --parallel, --n-gpu-layers as llama-server spells them). AIM Engine's own
 * server module accepts the same flags, so only the executable prefix differs ({@link
 * LaunchOptions#engineCommand()}). Health {@code /health}, readiness {@code /v1/models}, default
 * port 8080.
 */
public final class LlamaCppAdapter implements EngineAdapter {
  static final Set<String> OWNED = Set.of("model", "m", "host", "port");

  @Override
  public EngineKind kind() {
    return EngineKind.LLAMACPP;
  }

  @Override
  public int defaultPort() {
    return 8080;
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
        "llamacpp:requests_processing",
        "llamacpp:requests_deferred",
        "llamacpp:prompt_tokens_total",
        "llamacpp:tokens_predicted_total");
  }

  @Override
  public LaunchSpec launchSpec(Plan plan, LaunchOptions options) {
    return Launches.build(
        this, plan, options, (o, model, host, port) -> argv(plan, o, model, host, port));
  }

  private static List<String> argv(
      Plan plan, LaunchOptions o, String model, String host, int port) {
    List<String> argv =
        new ArrayList<>(o.engineCommand() != null ? o.engineCommand() : List.of("llama-server"));
    argv.addAll(List.of("--model", model));
    Map<String, Object> args = new java.util.LinkedHashMap<>(plan.recipe().canonicalArgs());
    if (plan.memory() != null && plan.memory().maxModelLen() > 0) {
      args.put("ctx-size", plan.memory().maxModelLen());
    }
    argv.addAll(RecipeFlags.render(EngineKind.LLAMACPP, args));
    argv.addAll(List.of("--host", host, "--port", String.valueOf(port)));
    return argv;
  }
}
