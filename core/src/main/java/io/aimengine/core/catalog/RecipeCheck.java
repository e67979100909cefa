package io.aimengine.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.engine.FlagSpec;
import io.aimengine.core.hardware.GpuSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one validation rule sees: the recipe, its GPU and model facts when known, the engine's flag
 * schema, the arguments resolved to schema names, and a sink for problems with field paths in the
 * file's own format ({@code engine_args.max-batch-size}, {@code
 * vllm_serve.2_gpu.args.--max-batch-size}). Not thread-safe; one per recipe.
 */
final class RecipeCheck {
  private final Recipe recipe;
  private final Optional<GpuSpec> gpu;
  private final Optional<ModelEntry> model;
  private final FlagSchema schema;
  private final Map<String, String> writtenKeys;
  private final Map<String, Arg> bySpec = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  /** One engine argument as written, with the schema entry it resolves to (if any). */
  record Arg(String key, Object value, Optional<FlagSpec> spec, boolean negated) {}

  RecipeCheck(
      Recipe recipe,
      Optional<GpuSpec> gpu,
      Optional<ModelEntry> model,
      FlagSchema schema,
      JsonNode raw) {
    this.recipe = recipe;
    this.gpu = gpu;
    this.model = model;
    this.schema = schema;
    this.writtenKeys = writtenKeys(recipe, raw);
    for (Arg a : args()) {
      a.spec().ifPresent(s -> bySpec.put(s.name(), a));
    }
  }

  Recipe recipe() {
    return recipe;
  }

  Optional<GpuSpec> gpu() {
    return gpu;
  }

  Optional<ModelEntry> model() {
    return model;
  }

  FlagSchema schema() {
    return schema;
  }

  boolean isPrototype() {
    return recipe.source().format() == RecipeSource.Format.PROTOTYPE;
  }

  /** Every engine argument in file order. */
  List<Arg> args() {
    List<Arg> out = new ArrayList<>();
    recipe
        .engineArgs()
        .forEach(
            (k, v) -> out.add(new Arg(k, v, schema.find(writtenKey(k)), schema.isNegatedForm(k))));
    return out;
  }

  /** The argument that sets the flag named {@code specName} (by name, alias or no- form). */
  Optional<Arg> arg(String specName) {
    return Optional.ofNullable(bySpec.get(specName));
  }

  /** A numeric argument value (numbers and numeric strings), empty when absent or not numeric. */
  Optional<BigDecimal> number(String specName) {
    return arg(specName).flatMap(a -> RecipeCheck.number(a.value()));
  }

  /** An integer argument value, empty when absent or not an integer. */
  Optional<Integer> integer(String specName) {
    return number(specName)
        .filter(n -> n.stripTrailingZeros().scale() <= 0)
        .map(BigDecimal::intValue);
  }

  /** A string argument value, empty when absent or null. */
  Optional<String> text(String specName) {
    return arg(specName).map(Arg::value).filter(v -> v != null).map(String::valueOf);
  }

  /**
   * The state of an on/off flag: true when written bare or true, false when written false or in its
   * {@code no-} form; empty when the recipe does not set it.
   */
  Optional<Boolean> switchState(String specName) {
    return arg(specName)
        .map(
            a -> {
              boolean on = a.value() == null || Boolean.TRUE.equals(a.value());
              return a.negated() != on;
            });
  }

  static Optional<BigDecimal> number(Object v) {
    if (v instanceof Number n) {
      return Optional.of(new BigDecimal(n.toString()));
    }
    if (v instanceof String s) {
      try {
        return Optional.of(new BigDecimal(s.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Field path of an engine argument, with the key spelled as in the file. */
  String argField(String key) {
    String written = writtenKey(key);
    if (isPrototype()) {
      return recipe.source().entry() + ".args." + written;
    }
    return "engine_args." + written;
  }

  /** Field path of an environment variable. */
  String envField(String name) {
    return "env_vars." + name;
  }

  /** Field path of a metadata field ("gpu", "gpu_count", "precision", "engine_version"). */
  String metaField(String name) {
    if (!isPrototype()) {
      return "metadata." + name;
    }
    return switch (name) {
      case "gpu" -> "hardware";
      case "precision" -> "precision";
      case "gpu_count" -> recipe.source().entry();
      default -> name;
    };
  }

  String file() {
    return recipe.source().file();
  }

  void error(String field, String message) {
    problems.add(Problem.error(file(), field, message));
  }

  void warn(String field, String message) {
    problems.add(Problem.warning(file(), field, message));
  }

  List<Problem> problems() {
    return problems;
  }

  /** "vLLM", "SGLang", "llama.cpp" for messages. */
  String engineName() {
    return engineName(recipe.engine());
  }

  static String engineName(io.aimengine.core.engine.EngineKind k) {
    return switch (k) {
      case VLLM -> "vLLM";
      case SGLANG -> "SGLang";
      case LLAMACPP -> "llama.cpp";
    };
  }

  private String writtenKey(String key) {
    return writtenKeys.getOrDefault(key, key);
  }

  /**
   * Maps recipe argument keys to their spelling in the file. Prototype keys lose their dashes when
   * parsed; the raw file still has them ("--max-batch-size").
   */
  private static Map<String, String> writtenKeys(Recipe recipe, JsonNode raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || recipe.source().format() != RecipeSource.Format.PROTOTYPE) {
      return out;
    }
    JsonNode args = raw;
    for (String part : recipe.source().entry().split("\\.")) {
      args = args.path(part);
    }
    args.path("args")
        .fieldNames()
        .forEachRemaining(k -> out.put(RecipeParser.stripDashes(k), k.trim()));
    return out;
  }
}
