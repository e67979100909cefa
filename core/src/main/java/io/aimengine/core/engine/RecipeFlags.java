package io.aimengine.core.engine;

import io.aimengine.core.catalog.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders engine arguments into command-line flags, the one way every adapter and {@code recipes
 * show} do it: argparse spelling, bare switches for null/true, {@code --no-NAME} for false on
 * vLLM's BooleanOptionalAction flags, nothing for false on store_true switches (off is their
 * default), lists as several values, maps as JSON. The model, host and port belong to the adapter
 * and are left out. Pure.
 */
public final class RecipeFlags {
  private RecipeFlags() {}

  /** The flags of a recipe as its engine would receive them. */
  public static List<String> of(Recipe recipe) {
    return render(recipe.engine(), recipe.engineArgs());
  }

  /** The flags for {@code args} (keys as written; canonicalised here). */
  public static List<String> render(EngineKind engine, Map<String, Object> args) {
    FlagSchema schema = FlagSchema.forEngine(engine);
    Map<String, Object> kept = new LinkedHashMap<>();
    Args.withoutOwned(args, owned(engine))
        .forEach(
            (k, v) -> {
              boolean off = Boolean.FALSE.equals(v) || "false".equalsIgnoreCase(String.valueOf(v));
              boolean negatable =
                  schema.find(k).map(s -> s.type() == FlagSpec.ValueType.BOOL).orElse(false);
              if (!(off && !negatable)) {
                kept.put(k, v);
              }
            });
    List<String> argv = new ArrayList<>();
    Args.render(kept, argv, engine == EngineKind.VLLM);
    return argv;
  }

  static Set<String> owned(EngineKind engine) {
    return switch (engine) {
      case VLLM -> VllmAdapter.OWNED;
      case SGLANG -> SglangAdapter.OWNED;
      case LLAMACPP -> LlamaCppAdapter.OWNED;
    };
  }
}
