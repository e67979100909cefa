package io.aimengine.operator.recipe;

import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.core.catalog.Problem;
import io.aimengine.core.catalog.Recipe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's catalog: the shipped catalog plus every valid AIMRecipe. Cluster recipes come
 * first in lookups (as user catalog roots do for the CLI); an AIMRecipe whose id equals a shipped
 * recipe's hides it. Thread-safe: the recipe reconciler writes, endpoint reconcilers read.
 */
public final class ClusterCatalog implements Catalog {
  private final Catalog base;
  private final Map<String, Recipe> byResource = new ConcurrentHashMap<>();
  private final Map<String, ClusterRecipe> profiles = new ConcurrentHashMap<>();

  /**
   * A cluster recipe as a pod's catalog must see it.
   *
   * @param path where it lies under a catalog root's {@code recipes/} so that the file catalog
   *     gives it the same id ({@code <aim_id>/<name>.yaml}, {@code general/<gpu>/<name>.yaml})
   * @param profile the AIM profile text (JSON, which YAML readers accept)
   */
  public record ClusterRecipe(String path, String profile) {}

  public ClusterCatalog(Catalog base) {
    this.base = base;
  }

  /** Adds or replaces the recipe of AIMRecipe {@code name}. */
  public void put(String name, Recipe recipe, String profile) {
    byResource.put(name, recipe);
    String path =
        recipe.isGeneral()
            ? "general/" + recipe.gpu().toLowerCase(java.util.Locale.ROOT) + "/" + name + ".yaml"
            : recipe.modelId() + "/" + name + ".yaml";
    profiles.put(recipe.id(), new ClusterRecipe(path, profile));
  }

  /** The profile behind a cluster recipe id; empty for shipped recipes. */
  public Optional<ClusterRecipe> clusterRecipe(String recipeId) {
    return Optional.ofNullable(profiles.get(recipeId));
  }

  /** Drops AIMRecipe {@code name} (deleted or no longer valid). */
  public void remove(String name) {
    Recipe r = byResource.remove(name);
    if (r != null) {
      profiles.remove(r.id());
    }
  }

  /** The recipe id of AIMRecipe {@code name}, when it is valid. */
  public Optional<String> idOfResource(String name) {
    return Optional.ofNullable(byResource.get(name)).map(Recipe::id);
  }

  private List<Recipe> cluster() {
    return byResource.values().stream().sorted(Comparator.comparing(Recipe::id)).toList();
  }

  @Override
  public List<Recipe> recipesFor(String modelId) {
    String canonical = base.model(modelId).map(ModelEntry::id).orElse(modelId);
    List<Recipe> out = new ArrayList<>();
    for (Recipe r : cluster()) {
      if (!r.isGeneral()
          && (canonical.equalsIgnoreCase(r.modelId())
              || modelId.equalsIgnoreCase(r.servedModel()))) {
        out.add(r);
      }
    }
    merge(out, base.recipesFor(modelId));
    return out;
  }

  @Override
  public List<Recipe> generalRecipes(String gpu) {
    List<Recipe> out = new ArrayList<>();
    for (Recipe r : cluster()) {
      if (r.isGeneral() && r.gpu().equalsIgnoreCase(gpu)) {
        out.add(r);
      }
    }
    merge(out, base.generalRecipes(gpu));
    return out;
  }

  private static void merge(List<Recipe> out, List<Recipe> more) {
    for (Recipe r : more) {
      if (out.stream().noneMatch(o -> o.id().equals(r.id()))) {
        out.add(r);
      }
    }
  }

  @Override
  public Optional<ModelEntry> model(String modelId) {
    return base.model(modelId);
  }

  @Override
  public List<ModelEntry> models() {
    return base.models();
  }

  @Override
  public List<Recipe> allRecipes() {
    List<Recipe> out = new ArrayList<>(cluster());
    merge(out, base.allRecipes());
    out.sort(Comparator.comparing(Recipe::id));
    return out;
  }

  @Override
  public Optional<Recipe> recipe(String id) {
    for (Recipe r : byResource.values()) {
      if (r.id().equals(id)) {
        return Optional.of(r);
      }
    }
    return base.recipe(id);
  }

  @Override
  public List<Problem> loadProblems() {
    return base.loadProblems();
  }
}
