package io.aimengine.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.hardware.GpuCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks one parsed recipe against the engines' flag schemas, the GPU table and the model's facts.
 * Structural problems (missing fields, bad YAML) are {@link RecipeParser}'s; this class reports
 * what would make the engine refuse the recipe or run it other than intended. Stateless apart from
 * its lookups; thread-safe.
 *
 * <p>The rules, in order (E = error, W = warning):
 *
 * <table>
 *   <caption>Recipe rules</caption>
 *   <tr><th>rule</th><th>checks</th></tr>
 *   <tr><td>flags</td><td>E unknown flag (did-you-mean), E another engine's flag, E invalid
 *       name (--max-batch-size), W removed/deprecated flag with its version (E when the recipe
 *       pins a version without it), E value of the wrong type or choice, E a value on a switch
 *       (--trust-remote-code 'true')</td></tr>
 *   <tr><td>parallelism</td><td>E gpu_count ≠ tp × pp (× dp), E tp not dividing the model's
 *       attention heads or not fitting its KV heads</td></tr>
 *   <tr><td>precision</td><td>E dtype against precision (fp8/int recipes may run 16-bit
 *       activations), E quantization against precision, E fp8/fp4 on a GPU without it, E fp8_e5m2
 *       KV on ROCm, W fp8 recipe without fp8 weights</td></tr>
 *   <tr><td>limits</td><td>E gpu-memory-utilization outside (0,1], mem-fraction-static outside
 *       (0,1), E max-num-batched-tokens below max-num-seqs (or below max-model-len without
 *       chunked prefill), E context beyond the model's</td></tr>
 *   <tr><td>environment</td><td>E names outside ^[A-Z0-9_]+$, E arch lists/overrides that miss
 *       the GPU's gfx target, E gfx942+-only switches (AITER, Quick Reduce) on older GPUs, W ROCm
 *       variables on NVIDIA, W variables engines no longer read</td></tr>
 *   <tr><td>metadata</td><td>E unparsable engine_version, W GPU outside the table, W no model
 *       file, W file name or directory disagreeing with the metadata, W an ignored model
 *       argument</td></tr>
 * </table>
 */
public final class RecipeValidator {
  private record Rule(String name, Consumer<RecipeCheck> check) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("flags", FlagRules::check),
          new Rule("parallelism", ParallelismRules::check),
          new Rule("precision", PrecisionRules::check),
          new Rule("limits", LimitRules::check),
          new Rule("environment", EnvRules::check),
          new Rule("metadata", MetadataRules::check));

  private final GpuCatalog gpus;
  private final Function<String, Optional<ModelEntry>> models;

  /**
   * @param gpus the GPU table
   * @param models model-file lookup by id or variant id (the catalog's {@link Catalog#model})
   */
  public RecipeValidator(GpuCatalog gpus, Function<String, Optional<ModelEntry>> models) {
    this.gpus = gpus;
    this.models = models;
  }

  /** Validates a recipe without its raw file (field paths then use the parsed key spelling). */
  public List<Problem> validate(Recipe recipe) {
    return validate(recipe, null);
  }

  /**
   * Validates a recipe; {@code raw} is the parsed file it came from (for prototype files it gives
   * field paths the file's own key spelling, "--max-batch-size"), or null.
   */
  public List<Problem> validate(Recipe recipe, JsonNode raw) {
    RecipeCheck check =
        new RecipeCheck(
            recipe,
            gpus.find(recipe.gpu()),
            modelOf(recipe),
            FlagSchema.forEngine(recipe.engine()),
            raw);
    for (Rule rule : RULES) {
      rule.check().accept(check);
    }
    return new ArrayList<>(check.problems());
  }

  private Optional<ModelEntry> modelOf(Recipe r) {
    if (r.isGeneral()) {
      return Optional.empty();
    }
    for (String id : new String[] {r.modelId(), r.servedModel()}) {
      if (id == null) {
        continue;
      }
      try {
        Optional<ModelEntry> e = models.apply(id);
        if (e.isPresent()) {
          return e;
        }
      } catch (AimException e) {
        // A broken model file is reported when that file is validated; here it counts as absent.
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
