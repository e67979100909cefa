package io.aimengine.core.plan;

import static io.aimengine.core.plan.Fixtures.facts;
import static io.aimengine.core.plan.Fixtures.generals;
import static io.aimengine.core.plan.Fixtures.gpus;
import static io.aimengine.core.plan.Fixtures.recipe;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Precision;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where a measured recipe (written by {@code tune}) ranks: above our unmeasured recipes for the
 * hardware it was measured on, below AMD's optimized ones, never on other hardware.
 */
class MeasuredRankingTest {
  static final String QWEN = "Qwen/Qwen3-32B";
  final Planner planner = new Planner(GpuCatalog.builtIn());

  static Recipe qwen(String id, String gpu, RecipeType type) {
    return recipe(
        QWEN + "/" + id,
        QWEN,
        EngineKind.VLLM,
        gpu,
        1,
        Precision.FP16,
        Metric.LATENCY,
        type,
        "tensor-parallel-size",
        1L,
        "max-model-len",
        32768L);
  }

  Plan plan(Fixtures.MemoryCatalog c) {
    return planner.plan(PlanRequest.of(QWEN), gpus("MI300X", 8), Set.of(), c, facts(QWEN));
  }

  @Test
  void aMeasuredRecipeBeatsUnoptimizedOnesForItsHardware() {
    var c =
        new Fixtures.MemoryCatalog()
            .add(qwen("a-unoptimized", "MI300X", RecipeType.UNOPTIMIZED))
            .add(qwen("z-measured", "MI300X", RecipeType.MEASURED))
            .add(qwen("b-preview", "MI300X", RecipeType.PREVIEW))
            .addAll(generals("MI300X", Precision.FP16));
    assertThat(plan(c).recipe().id()).isEqualTo(QWEN + "/z-measured");
  }

  @Test
  void optimizedStillBeatsMeasured() {
    var c =
        new Fixtures.MemoryCatalog()
            .add(qwen("z-optimized", "MI300X", RecipeType.OPTIMIZED))
            .add(qwen("a-measured", "MI300X", RecipeType.MEASURED));
    assertThat(plan(c).recipe().id()).isEqualTo(QWEN + "/z-optimized");
  }

  @Test
  void aRecipeMeasuredOnOtherHardwareIsNotChosen() {
    var c =
        new Fixtures.MemoryCatalog()
            .add(qwen("a-measured", "MI325X", RecipeType.MEASURED))
            .add(qwen("z-unoptimized", "MI300X", RecipeType.UNOPTIMIZED));
    assertThat(plan(c).recipe().id()).isEqualTo(QWEN + "/z-unoptimized");
  }
}
