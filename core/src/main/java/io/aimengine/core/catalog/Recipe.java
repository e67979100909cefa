package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Precision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One tuned configuration: an engine, a GPU model and count, a precision and the exact engine
 * arguments and environment. Immutable.
 *
 * @param id stable id: {@code <aim_id>/<file stem>} for model recipes ("Qwen/Qwen3-32B/vllm-mi300x-
 *     fp16-tp1-latency"), {@code general/<file stem>} for fallbacks, {@code <recipe_id>/<engine>-
 *     <N>gpu} for prototype-format files
 * @param modelId the catalog model it belongs to (AIM {@code aim_id}); null for general recipes
 * @param servedModel the checkpoint the engine loads (AIM {@code model_id}, may be a variant such
 *     as "Qwen/Qwen3-32B-FP8"); null for general recipes (= the requested model)
 * @param engine the engine
 * @param gpu canonical GPU model name ("MI300X", "H100"), or "CPU" for llama.cpp on CPU
 * @param gpuCount GPUs the recipe uses (0 for CPU)
 * @param precision serving precision
 * @param metric what it is tuned for
 * @param type maturity
 * @param manualSelectionOnly excluded from automatic selection; chosen only with --recipe
 * @param engineArgs engine arguments as written, keys without leading dashes, in file order; a null
 *     value is a bare flag
 * @param env environment variables, in file order
 * @param engineVersion the engine version the recipe pins ("0.11.0"), null when it pins none
 * @param source the file it came from
 * @param measured the {@code metadata.measured} block: always on a {@code measured} recipe, rarely
 *     on others; null when there is none
 */
public record Recipe(
    String id,
    String modelId,
    String servedModel,
    EngineKind engine,
    String gpu,
    int gpuCount,
    Precision precision,
    Metric metric,
    RecipeType type,
    boolean manualSelectionOnly,
    Map<String, Object> engineArgs,
    Map<String, String> env,
    String engineVersion,
    RecipeSource source,
    Measurement measured) {

  /** A recipe without measured figures (every type but {@code measured}, usually). */
  public Recipe(
      String id,
      String modelId,
      String servedModel,
      EngineKind engine,
      String gpu,
      int gpuCount,
      Precision precision,
      Metric metric,
      RecipeType type,
      boolean manualSelectionOnly,
      Map<String, Object> engineArgs,
      Map<String, String> env,
      String engineVersion,
      RecipeSource source) {
    this(
        id,
        modelId,
        servedModel,
        engine,
        gpu,
        gpuCount,
        precision,
        metric,
        type,
        manualSelectionOnly,
        engineArgs,
        env,
        engineVersion,
        source,
        null);
  }

  public Recipe {
    engineArgs = Collections.unmodifiableMap(new LinkedHashMap<>(engineArgs));
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  public boolean isGeneral() {
    return type == RecipeType.GENERAL || modelId == null;
  }

  /**
   * Engine arguments under canonical names: leading dashes stripped, underscores turned into dashes
   * ({@code distributed_executor_backend} → {@code distributed-executor-backend}), as the engines'
   * own parsers do. Later keys win on collision.
   */
  public Map<String, Object> canonicalArgs() {
    Canonical last = lastCanonical;
    if (last != null && last.recipe == this) {
      return last.args;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    engineArgs.forEach((k, v) -> out.put(canonicalFlag(k), v));
    Map<String, Object> args = Collections.unmodifiableMap(out);
    lastCanonical = new Canonical(this, args);
    return args;
  }

  /**
   * The recipe whose canonical arguments were computed last, with them: evaluating one candidate
   * asks for them five to eight times in a row (memory estimate, parallelism, flag checks; ~3% of a
   * plan's main thread, recomputed each time). A record has no room for a memo of its own; one
   * immutable pair published through a volatile field is safe from any thread (another thread's
   * recipe only costs a recomputation).
   */
  private static volatile Canonical lastCanonical;

  private record Canonical(Recipe recipe, Map<String, Object> args) {}

  /** The canonical name of a flag key: no leading dashes, lower case, '_' → '-'. */
  public static String canonicalFlag(String key) {
    String k = key.trim();
    while (k.startsWith("-")) {
      k = k.substring(1);
    }
    return k.replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** A copy with different engine arguments (plans adjust max-model-len, CLI --arg overrides). */
  public Recipe withEngineArgs(Map<String, Object> args) {
    return new Recipe(
        id,
        modelId,
        servedModel,
        engine,
        gpu,
        gpuCount,
        precision,
        metric,
        type,
        manualSelectionOnly,
        args,
        env,
        engineVersion,
        source,
        measured);
  }

  /** A copy that serves another checkpoint (a variant that shares its model's recipes). */
  public Recipe withServedModel(String model) {
    return new Recipe(
        id,
        modelId,
        model,
        engine,
        gpu,
        gpuCount,
        precision,
        metric,
        type,
        manualSelectionOnly,
        engineArgs,
        env,
        engineVersion,
        source,
        measured);
  }

  /** A copy with another environment (plans drop variables the target engine no longer reads). */
  public Recipe withEnv(Map<String, String> environment) {
    return new Recipe(
        id,
        modelId,
        servedModel,
        engine,
        gpu,
        gpuCount,
        precision,
        metric,
        type,
        manualSelectionOnly,
        engineArgs,
        environment,
        engineVersion,
        source,
        measured);
  }
}
