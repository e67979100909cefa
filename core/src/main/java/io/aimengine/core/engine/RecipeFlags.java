package io.aimengine.core.engine;

import io.aimengine.core.catalog.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags a recipe contributes to an engine's command line, rendered the way the engine's adapter
 * renders them (argparse spelling: bare switches, {@code --no-NAME} for vLLM's
 * BooleanOptionalAction flags, lists as several values, maps as JSON). The model, host and port are
 * the adapter's and are left out. A false value on a switch that has no {@code --no-} form is left
 * out too (it means "off", which is the default). Pure.
 */
public final class RecipeFlags {
  private RecipeFlags() {}

  public static List<String> of(Recipe recipe) {
    Set<String> owned =
        switch (recipe.engine()) {
          case VLLM -> VllmAdapter.OWNED;
          case SGLANG -> SglangAdapter.OWNED;
          case LLAMACPP -> LlamaCppAdapter.OWNED;
        };
    FlagSchema schema = FlagSchema.forEngine(recipe.engine());
    Map<String, Object> args = new LinkedHashMap<>();
    Args.withoutOwned(recipe.engineArgs(), owned)
        .forEach(
            (k, v) -> {
              boolean off = Boolean.FALSE.equals(v) || "false".equalsIgnoreCase(String.valueOf(v));
              boolean negatable =
                  schema.find(k).map(s -> s.type() == FlagSpec.ValueType.BOOL).orElse(false);
              if (!(off && !negatable)) {
                args.put(k, v);
              }
            });
    List<String> argv = new ArrayList<>();
    Args.render(args, argv, recipe.engine() == EngineKind.VLLM);
    return argv;
  }
}
