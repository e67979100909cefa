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
import io.aimengine.core.hardware.CpuInfo;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.Inventory;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.util.List;
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

  @Test
  void aRecipeMeasuredOnAnotherCpuIsNotChosen() {
    String model = "/m/tiny-q4.gguf";
    ModelFacts gguf =
        new ModelFacts(
            model,
            "llama",
            null,
            0,
            300_000,
            Precision.INT4,
            new io.aimengine.core.model.Architecture(
                "llama", 2, 64, 4, 4, 16, 128, 256, 512, 0, false, null, null),
            "gguf header");
    Recipe general =
        recipe(
            "general/llamacpp-cpu-int4-latency",
            null,
            EngineKind.LLAMACPP,
            "CPU",
            0,
            Precision.INT4,
            Metric.LATENCY,
            RecipeType.GENERAL,
            "parallel",
            1L);
    Recipe measured =
        recipe(
            "local/tiny-q4/measured-llamacpp-cpu-int4-throughput",
            model,
            EngineKind.LLAMACPP,
            "CPU",
            0,
            Precision.INT4,
            Metric.THROUGHPUT,
            RecipeType.MEASURED,
            "parallel",
            2L);
    Inventory host = Inventory.cpuOnly(List.of(), List.of(), new CpuInfo("EPYC 9654", 4, 8L << 30));
    for (String hardware : List.of("CPU: EPYC 9654, 4 threads", "CPU: Xeon 8480, 112 threads")) {
      Recipe m = withHardware(measured, hardware);
      Plan p =
          planner.plan(
              PlanRequest.of(model),
              host,
              Set.of(),
              new Fixtures.MemoryCatalog().add(general).add(m),
              gguf);
      if (hardware.contains("EPYC")) {
        assertThat(p.recipe().id()).isEqualTo(m.id());
      } else {
        assertThat(p.recipe().id()).isEqualTo(general.id());
        assertThat(p.candidates())
            .anySatisfy(
                c ->
                    assertThat(c.reason())
                        .contains("measured on CPU: Xeon 8480, 112 threads")
                        .contains("this host is CPU: EPYC 9654, 4 threads"));
      }
    }
  }

  static Recipe withHardware(Recipe r, String hardware) {
    Recipe w = withFigures(r, WORKLOAD, 1);
    Measurement m = w.measured();
    return new Recipe(
        r.id(),
        r.modelId(),
        r.servedModel(),
        r.engine(),
        r.gpu(),
        r.gpuCount(),
        r.precision(),
        r.metric(),
        r.type(),
        r.manualSelectionOnly(),
        r.engineArgs(),
        r.env(),
        r.engineVersion(),
        r.source(),
        new Measurement(
            hardware,
            m.engineVersion(),
            m.date(),
            m.workload(),
            m.workloadText(),
            m.objective(),
            m.figures()));
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
