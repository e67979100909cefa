package io.aimengine.core.plan;

import static io.aimengine.core.plan.Fixtures.facts;
import static io.aimengine.core.plan.Fixtures.generals;
import static io.aimengine.core.plan.Fixtures.gpus;
import static io.aimengine.core.plan.Fixtures.recipe;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.catalog.Measurement;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Precision;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where a measured recipe (written by {@code tune}) ranks: above our unmeasured recipes for the
 * hardware it was measured on, below AMD's optimized ones unless its figures beat theirs on the
 * same workload, never on other hardware.
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

  static final Map<String, Object> WORKLOAD =
      Map.of("api", "chat", "input_tokens", 512, "output_tokens", 128, "concurrency", 16);

  /** {@code r} with figures: output_throughput {@code tokPerS} on {@code workload}. */
  static Recipe withFigures(Recipe r, Map<String, Object> workload, double tokPerS) {
    return new Recipe(
        r.id(),
        r.modelId(),
        r.servedModel(),
        r.engine(),
        r.gpu(),
        r.gpuCount(),
        r.precision(),
        Metric.THROUGHPUT,
        r.type(),
        r.manualSelectionOnly(),
        r.engineArgs(),
        r.env(),
        r.engineVersion(),
        r.source(),
        new Measurement(
            "1x MI300X",
            "0.11.0",
            "2026-12-02",
            workload,
            "",
            Metric.THROUGHPUT,
            Map.of("output_throughput", tokPerS)));
  }

  @Test
  void aMeasuredRecipeWhoseFiguresBeatTheOptimizedOnesOnTheSameWorkloadRanksFirst() {
    var c =
        new Fixtures.MemoryCatalog()
            .add(withFigures(qwen("a-optimized", "MI300X", RecipeType.OPTIMIZED), WORKLOAD, 2000))
            .add(withFigures(qwen("z-measured", "MI300X", RecipeType.MEASURED), WORKLOAD, 2300));
    Plan p = plan(c);
    assertThat(p.recipe().id()).isEqualTo(QWEN + "/z-measured");
    assertThat(p.reasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("measured: " + QWEN + "/z-measured was benchmarked on 1x MI300X")
                    .contains("output_throughput 2300.00")
                    .contains("beats the optimized " + QWEN + "/a-optimized"));
  }

  @Test
  void optimizedStaysFirstWhenTheMeasuredFiguresDoNotBeatItsOrAreOnAnotherWorkload() {
    var slower =
        new Fixtures.MemoryCatalog()
            .add(withFigures(qwen("z-optimized", "MI300X", RecipeType.OPTIMIZED), WORKLOAD, 2000))
            .add(withFigures(qwen("a-measured", "MI300X", RecipeType.MEASURED), WORKLOAD, 1900));
    assertThat(plan(slower).recipe().id()).isEqualTo(QWEN + "/z-optimized");
    var otherWorkload =
        new Fixtures.MemoryCatalog()
            .add(
                withFigures(
                    qwen("z-optimized", "MI300X", RecipeType.OPTIMIZED),
                    Map.of(
                        "api",
                        "chat",
                        "input_tokens",
                        512,
                        "output_tokens",
                        128,
                        "concurrency",
                        64),
                    2000))
            .add(withFigures(qwen("a-measured", "MI300X", RecipeType.MEASURED), WORKLOAD, 9000));
    assertThat(plan(otherWorkload).recipe().id()).isEqualTo(QWEN + "/z-optimized");
    var oneWithoutFigures =
        new Fixtures.MemoryCatalog()
            .add(withFigures(qwen("y-optimized", "MI300X", RecipeType.OPTIMIZED), WORKLOAD, 2000))
            .add(qwen("z-optimized", "MI300X", RecipeType.OPTIMIZED))
            .add(withFigures(qwen("a-measured", "MI300X", RecipeType.MEASURED), WORKLOAD, 9000));
    assertThat(plan(oneWithoutFigures).recipe().type()).isEqualTo(RecipeType.OPTIMIZED);
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
