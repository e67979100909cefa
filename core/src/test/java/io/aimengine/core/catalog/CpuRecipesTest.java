package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped llama.cpp CPU recipes parse cleanly and say what the planner expects. */
class CpuRecipesTest {
  @Test
  void everyCpuRecipeIsALlamaCppRecipeForTheCpuWithNoProblems() throws Exception {
    FileCatalog catalog = new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn());
    List<Recipe> recipes = catalog.generalRecipes("CPU");
    assertThat(catalog.loadProblems()).isEmpty();
    assertThat(recipes)
        .extracting(Recipe::precision)
        .containsExactlyInAnyOrder(
            Precision.BF16, Precision.FP16, Precision.FP32, Precision.INT4, Precision.INT8);
    for (Recipe r : recipes) {
      assertThat(r.engine()).isEqualTo(EngineKind.LLAMACPP);
      assertThat(r.gpu()).isEqualTo("CPU");
      assertThat(r.gpuCount()).isZero();
      assertThat(r.metric()).isEqualTo(Metric.LATENCY);
      assertThat(r.canonicalArgs()).containsEntry("n-gpu-layers", 0L).containsKey("metrics");
      assertThat(r.canonicalArgs().get("metrics")).isNull();
      assertThat(r.env()).isEqualTo(Map.of());
    }
  }
}
