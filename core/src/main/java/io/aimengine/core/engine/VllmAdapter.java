package io.aimengine.core.engine;

import io.aimengine.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * vLLM's OpenAI server: {@code vllm serve MODEL [flags] --host H --port P}. Boolean flags are
 * argparse BooleanOptionalAction, so false renders as {@code --no-flag}. Health {@code /health},
 * readiness {@code /v1/models}, default port 8000.
 */
public final class VllmAdapter implements EngineAdapter {
  static final Set<String> OWNED = Set.of("model", "host", "port");

  @Override
  public EngineKind kind() {
    return EngineKind.VLLM;
  }

  @Override
  public int defaultPort() {
    return 8000;
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
        "vllm:num_requests_running",
        "vllm:num_requests_waiting",
        "vllm:kv_cache_usage_perc",
        "vllm:prompt_tokens_total",
        "vllm:generation_tokens_total");
  }

  @Override
  public LaunchSpec launchSpec(Plan plan, LaunchOptions options) {
    return Launches.build(
        this, plan, options, (o, model, host, port) -> argv(plan, o, model, host, port));
  }

  private static List<String> argv(
      Plan plan, LaunchOptions o, String model, String host, int port) {
    List<String> argv =
        new ArrayList<>(o.engineCommand() != null ? o.engineCommand() : List.of("vllm"));
    argv.add("serve");
    argv.add(model);
    Map<String, Object> args = new java.util.LinkedHashMap<>(plan.recipe().canonicalArgs());
    if (!args.containsKey("served-model-name") && !plan.model().equals(plan.servedModel())) {
      args.put("served-model-name", plan.model());
    }
    if (plan.pinnedRevision() && !args.containsKey("revision")) {
      args.put("revision", plan.revision()); // the engine resolves it in the cache, offline
    }
    argv.addAll(RecipeFlags.render(EngineKind.VLLM, args));
    argv.addAll(List.of("--host", host, "--port", String.valueOf(port)));
    return argv;
  }
}
