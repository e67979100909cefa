package io.aimengine.core.plan;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Precision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user asked for. Null fields mean "decide for me".
 *
 * @param model Hugging Face id, local model directory, or .gguf file
 * @param gpuCount customer GPU count, null to choose
 * @param precision customer precision, null to choose
 * @param engine engine; null means vllm (llamacpp for .gguf files)
 * @param metric latency or throughput; null means latency
 * @param recipeId an explicit recipe id (manual selection), null to choose
 * @param argOverrides engine-arg overrides (--arg KEY=VALUE), canonical keys, applied last; a null
 *     value is a bare flag
 * @param engineVersion the engine release the launch will run ("0.18.0"); null means the newest the
 *     flag table knows
 * @param revision the Hub revision of the model (branch, tag or commit); null means {@code main}
 */
public record PlanRequest(
    String model,
    Integer gpuCount,
    Precision precision,
    EngineKind engine,
    Metric metric,
    String recipeId,
    Map<String, Object> argOverrides,
    String engineVersion,
    String revision) {

  /** The revision a request without one means. */
  public static final String DEFAULT_REVISION = "main";

  public PlanRequest {
    revision = revision == null || revision.isBlank() ? null : revision.strip();
    argOverrides =
        argOverrides == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(argOverrides));
  }

  /** A request for the default revision ({@code main}). */
  public PlanRequest(
      String model,
      Integer gpuCount,
      Precision precision,
      EngineKind engine,
      Metric metric,
      String recipeId,
      Map<String, Object> argOverrides,
      String engineVersion) {
    this(model, gpuCount, precision, engine, metric, recipeId, argOverrides, engineVersion, null);
  }

  /** The revision to fetch and serve: {@link #revision}, else {@code main}. */
  public String revisionOrMain() {
    return revision == null ? DEFAULT_REVISION : revision;
  }

  /** A request without an engine version (the newest the flag table knows). */
  public PlanRequest(
      String model,
      Integer gpuCount,
      Precision precision,
      EngineKind engine,
      Metric metric,
      String recipeId,
      Map<String, Object> argOverrides) {
    this(model, gpuCount, precision, engine, metric, recipeId, argOverrides, null, null);
  }

  /** A request for a model with every choice left to the planner. */
  public static PlanRequest of(String model) {
    return new PlanRequest(model, null, null, null, null, null, Map.of(), null, null);
  }
}
