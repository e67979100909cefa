package io.aimengine.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The recipe and model catalog. Lookups by model id read only that model's files plus the general
 * fallbacks of one GPU model, never the whole catalog; {@link #allRecipes()} and {@link #models()}
 * read everything and are for listings only. Implementations are thread-safe.
 */
public interface Catalog {

  /**
   * Recipes written for a model (its own and custom ones, all engines and GPUs), user catalog roots
   * first. A variant id ("Qwen/Qwen3-32B-FP8") returns the canonical model's recipes that serve
   * that variant.
   */
  List<Recipe> recipesFor(String modelId);

  /** Model-agnostic fallback recipes for one GPU model ("MI300X", "H100", "CPU"), all engines. */
  List<Recipe> generalRecipes(String gpu);

  /** The model file for an id or one of its variants. */
  Optional<ModelEntry> model(String modelId);

  /** Every model file, sorted by id. */
  List<ModelEntry> models();

  /** Every recipe in the catalog, sorted by id. */
  List<Recipe> allRecipes();

  /** One recipe by id. */
  Optional<Recipe> recipe(String id);

  /** Problems met while loading (unreadable files); validation proper is RecipeValidator's. */
  List<Problem> loadProblems();
}
