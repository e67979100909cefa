package io.aimengine.core.engine;

import io.aimengine.core.plan.Plan;

/**
 * Everything engine-specific: argv and environment from a plan, health and readiness paths, default
 * port, metric names. One implementation per {@link EngineKind}; adding an engine means one adapter
 * plus its flag schema and recipes. Implementations are stateless.
 */
public sealed interface EngineAdapter permits VllmAdapter, SglangAdapter, LlamaCppAdapter {

  EngineKind kind();

  /** Port the engine listens on when none is given. */
  int defaultPort();

  /** Liveness path: 200 while the engine is alive. */
  String healthPath();

  /** Path that answers once the model is loaded and names it ("/v1/models"). */
  String readinessPath();

  /** Prometheus metric names worth showing in {@code status}: running, waiting, tokens, KV use. */
  java.util.List<String> highlightMetrics();

  /** The launch for a plan: exact argv, environment, port, container form. */
  LaunchSpec launchSpec(Plan plan, LaunchOptions options);

  /** The adapter for an engine. */
  static EngineAdapter of(EngineKind kind) {
    return switch (kind) {
      case VLLM -> new VllmAdapter();
      case SGLANG -> new SglangAdapter();
      case LLAMACPP -> new LlamaCppAdapter();
    };
  }
}
