package io.aimengine.cli;

import io.aimengine.core.catalog.Recipe;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON forms of recipes for {@code recipes list/show --json} (docs/recipes.md). Field names are a
 * stable contract: add fields, never rename or remove them.
 */
final class RecipeViews {
  private RecipeViews() {}

  static Map<String, Object> summary(Recipe r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("model", r.modelId());
    m.put("served_model", r.servedModel());
    m.put("engine", r.engine().label());
    m.put("gpu", r.gpu());
    m.put("gpu_count", r.gpuCount());
    m.put("precision", r.precision().label());
    m.put("metric", r.metric().label());
    m.put("type", r.type().label());
    m.put("manual_selection_only", r.manualSelectionOnly());
    m.put("engine_version", r.engineVersion());
    m.put("file", r.source().file());
    return m;
  }
}
