package io.aimengine.core.plan;

import static io.aimengine.core.plan.Fixtures.facts;
import static io.aimengine.core.plan.Fixtures.generals;
import static io.aimengine.core.plan.Fixtures.gpus;
import static io.aimengine.core.plan.Fixtures.recipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.CpuInfo;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.Inventory;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Candidate.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final String QWEN = "Qwen/Qwen3-32B";
  private static final String LLAMA_405B = "meta-llama/Llama-3.1-405B-Instruct";
  private final Planner planner = new Planner(GpuCatalog.builtIn());

  private static Recipe qwenAim(int tp, Precision p, Metric m, RecipeType type) {
    return recipe(
        QWEN + "/vllm-mi300x-" + p + "-tp" + tp + "-" + m,
        QWEN,
        EngineKind.VLLM,
        "MI300X",
        tp,
        p,
        m,
        type,
        "tensor-parallel-size",
        (long) tp,
        "max-model-len",
        32768L,
        "gpu-memory-utilization",
        0.9);
  }

  private Plan plan(PlanRequest r, Inventory inv, Fixtures.MemoryCatalog c, ModelFacts f) {
    return planner.plan(r, inv, Set.of(), c, f);
  }

  @Test
  void qwen32bOnEightMi300xUsesOneGpuAndTheOptimizedRecipe() {
    var catalog =
        new Fixtures.MemoryCatalog()
            .add(qwenAim(1, Precision.FP16, Metric.LATENCY, RecipeType.OPTIMIZED))
            .add(qwenAim(2, Precision.FP16, Metric.LATENCY, RecipeType.OPTIMIZED))
            .add(qwenAim(1, Precision.FP16, Metric.THROUGHPUT, RecipeType.OPTIMIZED))
            .addAll(generals("MI300X", Precision.BF16, Precision.FP16, Precision.FP8));

    Plan p = plan(PlanRequest.of(QWEN), gpus("MI300X", 8), catalog, facts(QWEN));

    assertThat(p.engine()).isEqualTo(EngineKind.VLLM);
    assertThat(p.gpuCount()).isEqualTo(1);
    assertThat(p.gpuIndices()).containsExactly(0);
    assertThat(p.recipe().id()).isEqualTo(QWEN + "/vllm-mi300x-fp16-tp1-latency");
    assertThat(p.candidates().get(0).verdict()).isEqualTo(Verdict.SELECTED);
    assertThat(p.memory().fits()).isTrue();
    assertThat(p.memory().weightsPerGpu()).isEqualTo(65524246528L);
    // Headroom: 16 sequences of 4096 tokens (65536) outweigh one 32768-token context.
    assertThat(p.memory().headroomTokens()).isEqualTo(65536);
    assertThat(p.memory().kvCachePerGpu()).isEqualTo(262144L * 65536);
    assertThat(p.memory().concurrency()).isGreaterThan(10);
    assertThat(p.reasons()).anyMatch(s -> s.startsWith("concurrency: KV pool"));
    assertThat(p.reasons()).anyMatch(s -> s.startsWith("GPU count: 1"));
    // The general bf16 fallback also fits but ranks below the optimized recipe.
    assertThat(p.candidates())
        .filteredOn(c -> c.recipe().id().equals("general/vllm-mi300x-bf16-tp1-latency"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.verdict()).isEqualTo(Verdict.FITS);
              assertThat(c.reason()).contains("not chosen");
            });
  }

  @Test
  void qwen32bOnMi250xNeedsTwoGcdsBecauseOneHas64GiB() {
    var catalog =
        new Fixtures.MemoryCatalog().addAll(generals("MI250X", Precision.BF16, Precision.FP16));

    Plan p = plan(PlanRequest.of(QWEN), gpus("MI250X", 8), catalog, facts(QWEN));

    assertThat(p.gpuCount()).isEqualTo(2);
    assertThat(p.tensorParallelSize()).isEqualTo(2);
    assertThat(p.precision()).isEqualTo(Precision.BF16);
    assertThat(p.candidates())
        .filteredOn(c -> c.recipe().gpuCount() == 1 && c.recipe().precision() == Precision.BF16)
        .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.DOES_NOT_FIT));
  }

  @Test
  void llama405bDoesNotFitInBf16OnH100AndPlansFp8OnEightGpus() {
    var catalog =
        new Fixtures.MemoryCatalog()
            .addAll(generals("H100", Precision.BF16, Precision.FP16, Precision.FP8));

    Plan p = plan(PlanRequest.of(LLAMA_405B), gpus("H100", 8), catalog, facts(LLAMA_405B));

    assertThat(p.precision()).isEqualTo(Precision.FP8);
    assertThat(p.gpuCount()).isEqualTo(8);
    assertThat(p.reasons())
        .anyMatch(s -> s.startsWith("precision fallback: bf16/fp16 does not fit"));
  }

  @Test
  void llama405bOnEightMi300xServesAt16BitOnEightGpus() {
    var catalog =
        new Fixtures.MemoryCatalog()
            .addAll(generals("MI300X", Precision.BF16, Precision.FP16, Precision.FP8));

    Plan p = plan(PlanRequest.of(LLAMA_405B), gpus("MI300X", 8), catalog, facts(LLAMA_405B));

    assertThat(p.precision()).isIn(Precision.BF16, Precision.FP16);
    assertThat(p.gpuCount()).isEqualTo(8);
  }

  @Test
  void llama405bOnTwoMi300xFailsWithTheSmallestChangeThatFits() {
    var catalog =
        new Fixtures.MemoryCatalog()
            .addAll(generals("MI300X", Precision.BF16, Precision.FP16, Precision.FP8));

    assertThatThrownBy(
            () -> plan(PlanRequest.of(LLAMA_405B), gpus("MI300X", 2), catalog, facts(LLAMA_405B)))
        .isInstanceOfSatisfying(
            NoFeasiblePlanException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE);
              assertThat(e.suggestion()).isEqualTo("needs 8 × MI300X at bf16, or 4 at fp8");
              assertThat(e.getMessage())
                  .contains("does not fit on 2 × MI300X")
                  .endsWith("needs 8 × MI300X at bf16, or 4 at fp8");
              assertThat(e.candidates()).anyMatch(c -> c.verdict() == Verdict.DOES_NOT_FIT);
            });
  }

  @Test
  void customerGpuCountWinsButIsCappedAtWhatIsFree() {
    var catalog = new Fixtures.MemoryCatalog().addAll(generals("MI300X", Precision.BF16));

    Plan p =
        plan(
            new PlanRequest(QWEN, 8, null, null, null, null, Map.of()),
            gpus("MI300X", 4),
            catalog,
            facts(QWEN));

    assertThat(p.gpuCount()).isEqualTo(4);
    assertThat(p.warnings()).anyMatch(w -> w.contains("asked for 8 GPUs but only 4"));
  }

  @Test
  void customerPrecisionIsAHardFilter() {
    var catalog =
        new Fixtures.MemoryCatalog()
            .add(qwenAim(1, Precision.FP16, Metric.LATENCY, RecipeType.OPTIMIZED))
            .addAll(generals("MI300X", Precision.BF16, Precision.FP8));

    Plan p =
        plan(
            new PlanRequest(QWEN, null, Precision.FP8, null, null, null, Map.of()),
            gpus("MI300X", 8),
            catalog,
            facts(QWEN));

    assertThat(p.precision()).isEqualTo(Precision.FP8);
    assertThat(p.candidates())
        .filteredOn(c -> c.recipe().type() == RecipeType.OPTIMIZED)
        .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.PRECISION_MISMATCH));
  }

  @Test
  void manualSelectionOnlyRecipesAreChosenOnlyByExplicitId() {
    Recipe manual =
        recipe(
            QWEN + "/vllm-mi300x-fp8-tp1-latency",
            QWEN,
            EngineKind.VLLM,
            "MI300X",
            1,
            Precision.FP8,
            Metric.LATENCY,
            RecipeType.OPTIMIZED,
            "kv-cache-dtype",
            "fp8");
    manual =
        new Recipe(
            manual.id(),
            QWEN,
            "Qwen/Qwen3-32B-FP8",
            manual.engine(),
            manual.gpu(),
            1,
            manual.precision(),
            manual.metric(),
            manual.type(),
            true,
            manual.engineArgs(),
            Map.of(),
            null,
            manual.source());
    var catalog =
        new Fixtures.MemoryCatalog().add(manual).addAll(generals("MI300X", Precision.BF16));

    Plan auto = plan(PlanRequest.of(QWEN), gpus("MI300X", 8), catalog, facts(QWEN));
    Plan chosen =
        plan(
            new PlanRequest(QWEN, null, null, null, null, manual.id(), Map.of()),
            gpus("MI300X", 8),
            catalog,
            facts(QWEN));

    assertThat(auto.recipe().id()).isNotEqualTo(manual.id());
    assertThat(auto.candidates()).anyMatch(c -> c.verdict() == Verdict.MANUAL_SELECTION_ONLY);
    assertThat(chosen.recipe().id()).isEqualTo(manual.id());
    assertThat(chosen.servedModel()).isEqualTo("Qwen/Qwen3-32B-FP8");
  }

  @Test
  void rankingNeverDependsOnCatalogOrder() {
    List<Recipe> recipes = new ArrayList<>(generals("MI300X", Precision.BF16, Precision.FP16));
    recipes.add(qwenAim(1, Precision.FP16, Metric.THROUGHPUT, RecipeType.OPTIMIZED));
    recipes.add(qwenAim(1, Precision.BF16, Metric.THROUGHPUT, RecipeType.OPTIMIZED));
    String first = null;
    for (long seed = 0; seed < 20; seed++) {
      List<Recipe> shuffled = new ArrayList<>(recipes);
      Collections.shuffle(shuffled, new Random(seed));
      Plan p =
          plan(
              PlanRequest.of(QWEN),
              gpus("MI300X", 8),
              new Fixtures.MemoryCatalog().addAll(shuffled),
              facts(QWEN));
      first = first == null ? p.recipe().id() : first;
      assertThat(p.recipe().id()).isEqualTo(first);
    }
    // optimized beats general; with equal type and metric, the size rule's bf16 beats fp16.
    assertThat(first).isEqualTo(QWEN + "/vllm-mi300x-bf16-tp1-throughput");
  }

  @Test
  void contextIsLoweredWhenTheModelsFullContextDoesNotFit() {
    String id = "meta-llama/Llama-3.1-70B-Instruct";
    var catalog = new Fixtures.MemoryCatalog().addAll(generals("MI300X", Precision.BF16));

    Plan p =
        plan(
            new PlanRequest(id, 1, null, null, null, null, Map.of()),
            gpus("MI300X", 8),
            catalog,
            facts(id));

    assertThat(p.gpuCount()).isEqualTo(1);
    assertThat(p.memory().maxModelLenLoweredFrom()).isEqualTo(131072);
    assertThat(p.memory().maxModelLen()).isLessThan(131072).isGreaterThanOrEqualTo(4096);
    assertThat(p.memory().maxModelLen() % 1024).isZero();
    assertThat(p.recipe().engineArgs()).containsEntry("max-model-len", p.memory().maxModelLen());
    assertThat(p.warnings()).anyMatch(w -> w.startsWith("max-model-len lowered from 131072"));
  }

  @Test
  void withoutMemoryFactsTheOriginalSizeTableDecidesTheCount() {
    var catalog = new Fixtures.MemoryCatalog().addAll(generals("MI300X", Precision.BF16));

    Plan p =
        plan(
            PlanRequest.of("acme/Mystery-13B"),
            gpus("MI300X", 8),
            catalog,
            ModelFacts.unknown("acme/Mystery-13B"));

    assertThat(p.gpuCount()).isEqualTo(2);
    // The size in the name still sizes the weights: 13 B × 2 bytes over two GPUs.
    assertThat(p.memory().weightsPerGpu()).isEqualTo(13_000_000_000L);
    assertThat(p.warnings()).anyMatch(w -> w.startsWith("KV cache not sized"));
    // ...and says so where the memory is accounted, rather than "KV 0 MiB (headroom: 0 tokens)".
    assertThat(p.reasons())
        .anyMatch(r -> r.startsWith("memory per GPU:") && r.contains("+ KV not sized ("))
        .noneMatch(r -> r.contains("headroom: 0 tokens"));
  }

  @Test
  void withoutMemoryFactsASizeInTheNameThatCannotFitExitsThreeWithTheSmallestChange() {
    var catalog = new Fixtures.MemoryCatalog().addAll(generals("MI250X", Precision.BF16));

    assertThatThrownBy(
            () ->
                plan(
                    new PlanRequest("acme/Mystery-70B", 1, null, null, null, null, Map.of()),
                    gpus("MI250X", 8),
                    catalog,
                    ModelFacts.unknown("acme/Mystery-70B")))
        .isInstanceOf(NoFeasiblePlanException.class)
        .hasMessageContaining("needs ");
  }

  @Test
  void noGpuExplainsHowToPlanForATarget() {
    Inventory none = Inventory.cpuOnly(List.of(), List.of(), new CpuInfo("cpu", 2, 1L << 34));

    assertThatThrownBy(
            () -> plan(PlanRequest.of(QWEN), none, new Fixtures.MemoryCatalog(), facts(QWEN)))
        .isInstanceOfSatisfying(
            AimException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE);
              assertThat(e.getMessage())
                  .startsWith("no GPU found")
                  .contains("--gpu MI300X --gpu-count 8");
            });
  }

  @Test
  void gpusHeldByOtherEndpointsAreNotPlannedOn() {
    var catalog = new Fixtures.MemoryCatalog().addAll(generals("MI300X", Precision.BF16));

    Plan p =
        planner.plan(
            PlanRequest.of(QWEN), gpus("MI300X", 8), Set.of(0, 1, 2), catalog, facts(QWEN));

    assertThat(p.gpuIndices()).containsExactly(3);
  }

  @Test
  void deepSeekMlaCacheIsNotSplitAcrossTensorParallelRanks() {
    ModelFacts ds = facts("deepseek-ai/DeepSeek-V3");
    long perToken = ds.architecture().kvBytesPerTokenPerGpu(8, 2);

    assertThat(perToken).isEqualTo(70272);
    assertThat(ds.nativePrecision()).isEqualTo(Precision.FP8);
    // An FP8 checkpoint served with 16-bit activations keeps its stored size.
    assertThat(ds.weightBytesAt(Precision.BF16)).isEqualTo(688586727753L);
  }

  @Test
  void sglangBackendOnlyConsidersSglangRecipes() {
    Recipe sg =
        recipe(
            QWEN + "/sglang-mi300x-bf16-tp1-latency",
            QWEN,
            EngineKind.SGLANG,
            "MI300X",
            1,
            Precision.BF16,
            Metric.LATENCY,
            RecipeType.UNOPTIMIZED,
            "tp-size",
            1L,
            "context-length",
            32768L,
            "mem-fraction-static",
            0.85);
    var catalog =
        new Fixtures.MemoryCatalog()
            .add(sg)
            .add(qwenAim(1, Precision.FP16, Metric.LATENCY, RecipeType.OPTIMIZED));

    Plan p =
        plan(
            new PlanRequest(QWEN, null, null, EngineKind.SGLANG, null, null, Map.of()),
            gpus("MI300X", 8),
            catalog,
            facts(QWEN));

    assertThat(p.recipe().id()).isEqualTo(sg.id());
    assertThat(p.memory().utilization()).isEqualTo(0.85);
    assertThat(p.candidates()).anyMatch(c -> c.verdict() == Verdict.ENGINE_MISMATCH);
  }

  @Test
  void argOverridesApplyBeforeTheMemoryCheck() {
    var catalog =
        new Fixtures.MemoryCatalog()
            .add(qwenAim(1, Precision.FP16, Metric.LATENCY, RecipeType.OPTIMIZED));

    Plan p =
        plan(
            new PlanRequest(
                QWEN,
                null,
                null,
                null,
                null,
                null,
                Map.of("max-model-len", 8192L, "enforce-eager", true)),
            gpus("MI300X", 8),
            catalog,
            facts(QWEN));

    assertThat(p.memory().maxModelLen()).isEqualTo(8192);
    assertThat(p.recipe().canonicalArgs()).containsEntry("enforce-eager", true);
  }

  @Test
  void flagsTheTargetEngineVersionNoLongerHasAreDroppedWithAWarning() {
    Recipe aim =
        recipe(
            QWEN + "/vllm-mi300x-fp16-tp1-latency",
            QWEN,
            EngineKind.VLLM,
            "MI300X",
            1,
            Precision.FP16,
            Metric.LATENCY,
            RecipeType.OPTIMIZED,
            "tensor-parallel-size",
            1L,
            "swap-space",
            64L,
            "max-seq-len-to-capture",
            32768L,
            "max-model-len",
            32768L);
    var catalog = new Fixtures.MemoryCatalog().add(aim);

    Plan latest = plan(PlanRequest.of(QWEN), gpus("MI300X", 8), catalog, facts(QWEN));
    Plan old =
        plan(
            new PlanRequest(QWEN, null, null, null, null, null, Map.of(), "0.10.1"),
            gpus("MI300X", 8),
            catalog,
            facts(QWEN));

    assertThat(latest.recipe().canonicalArgs())
        .doesNotContainKeys("swap-space", "max-seq-len-to-capture");
    assertThat(latest.warnings())
        .anyMatch(w -> w.startsWith("dropped --swap-space") && w.contains("0.18.0"))
        .anyMatch(w -> w.startsWith("dropped --max-seq-len-to-capture"));
    assertThat(old.recipe().canonicalArgs()).containsKeys("swap-space", "max-seq-len-to-capture");
    assertThat(old.engineVersion()).isEqualTo("0.10.1");
  }

  @Test
  void aRecipeWithAFlagTheEngineNeverHadIsRejectedWithADidYouMean() {
    Recipe bad =
        recipe(
            QWEN + "/bad",
            QWEN,
            EngineKind.VLLM,
            "MI300X",
            1,
            Precision.BF16,
            Metric.LATENCY,
            RecipeType.OPTIMIZED,
            "max-batch-size",
            256L);
    var catalog = new Fixtures.MemoryCatalog().add(bad).addAll(generals("MI300X", Precision.BF16));

    Plan p = plan(PlanRequest.of(QWEN), gpus("MI300X", 8), catalog, facts(QWEN));

    assertThat(p.candidates())
        .filteredOn(c -> c.recipe().id().equals(bad.id()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.verdict()).isEqualTo(Verdict.INVALID_FLAGS);
              assertThat(c.reason())
                  .contains("--max-batch-size is not a vllm flag")
                  .contains("did you mean --max-num-seqs?");
            });
  }

  @Test
  void anUnknownArgOverrideIsInvalidInput() {
    var catalog = new Fixtures.MemoryCatalog().addAll(generals("MI300X", Precision.BF16));

    assertThatThrownBy(
            () ->
                plan(
                    new PlanRequest(
                        QWEN, null, null, null, null, null, Map.of("max-batch-size", "8")),
                    gpus("MI300X", 8),
                    catalog,
                    facts(QWEN)))
        .isInstanceOfSatisfying(
            AimException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "--arg max-batch-size: --max-batch-size is not a vllm flag (did you mean --max-num-seqs?)");
            });
  }

  @Test
  void anFp8CheckpointTreatsItsOwnRecipesAndSixteenBitOnesAsOneMemoryClass() {
    String ds = "deepseek-ai/DeepSeek-V3";
    Recipe tuned =
        recipe(
            ds + "/vllm-mi300x-fp8-tp8-latency",
            ds,
            EngineKind.VLLM,
            "MI300X",
            8,
            Precision.FP8,
            Metric.LATENCY,
            RecipeType.UNOPTIMIZED,
            "tensor-parallel-size",
            8L,
            "max-model-len",
            32768L);
    var catalog =
        new Fixtures.MemoryCatalog()
            .add(tuned)
            .addAll(generals("MI300X", Precision.BF16, Precision.FP16));

    Plan p =
        plan(
            new PlanRequest(ds, 8, null, null, null, null, Map.of()),
            gpus("MI300X", 8),
            catalog,
            facts(ds));

    // The model's own fp8 recipe ranks above the general bf16 fallback: same weight bytes.
    assertThat(p.recipe().id()).isEqualTo(tuned.id());
  }

  @Test
  void llamaCppPlansTheCpuAndLabelsThePlanWithTheFilesOwnPrecision() {
    ModelFacts gguf =
        new ModelFacts(
            "/m/tiny-q4.gguf",
            "llama",
            null,
            0,
            300_000,
            Precision.INT4,
            new io.aimengine.core.model.Architecture(
                "llama", 2, 64, 4, 4, 16, 128, 256, 512, 0, false, null, null),
            "gguf header");
    var catalog = new Fixtures.MemoryCatalog();
    for (Precision p : List.of(Precision.FP16, Precision.INT8, Precision.INT4)) {
      catalog.add(
          recipe(
              "general/llamacpp-cpu-" + p + "-latency",
              null,
              EngineKind.LLAMACPP,
              "CPU",
              0,
              p,
              Metric.LATENCY,
              RecipeType.GENERAL,
              "parallel",
              1L,
              "n-gpu-layers",
              0L));
    }
    Inventory cpu = Inventory.cpuOnly(List.of(), List.of(), new CpuInfo("cpu", 4, 8L << 30));

    Plan p = plan(PlanRequest.of("/m/tiny-q4.gguf"), cpu, catalog, gguf);

    assertThat(p.engine()).isEqualTo(EngineKind.LLAMACPP);
    assertThat(p.gpuModel()).isEqualTo("CPU");
    assertThat(p.gpuCount()).isZero();
    assertThat(p.precision()).isEqualTo(Precision.INT4);
    assertThat(p.memory().budgetPerGpu()).isEqualTo(Math.round((8L << 30) * 0.8));
    assertThat(p.reasons())
        .anyMatch(r -> r.startsWith("engine: llamacpp, because the model is a GGUF file"));
  }
}
