package io.aimengine.core.plan;

import static io.aimengine.core.plan.Fixtures.gpus;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Candidate.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Choosing rules against the catalog shipped in the jar: model recipes, headroom, variants. */
class ShippedCatalogPlansTest {
  private final FileCatalog catalog =
      new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn());
  private final Planner planner = new Planner(GpuCatalog.builtIn());

  private Plan plan(String model, String gpu, int count) {
    return planner.plan(
        PlanRequest.of(model),
        gpus(gpu, count),
        Set.of(),
        catalog,
        new ModelFactsResolver(catalog).resolve(model));
  }

  @Test
  void deepSeekR1On8Mi300xTakesItsOwnTp8RecipeOverAGeneralTp4One() {
    Plan p = plan("deepseek-ai/DeepSeek-R1-0528", "MI300X", 8);

    assertThat(p.recipe().isGeneral()).isFalse();
    assertThat(p.gpuCount()).isEqualTo(8);
    assertThat(p.candidates())
        .filteredOn(c -> c.recipe().id().equals("general/vllm-mi300x-fp8-tp4-latency"))
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).contains("model recipes before general ones"));
  }

  @Test
  void deepSeekR1ResolvesToTheR1_0528ModelFileAndServesItsOwnId() {
    Plan p = plan("deepseek-ai/DeepSeek-R1", "MI300X", 8);

    assertThat(p.facts().hasMemoryFacts()).isTrue();
    assertThat(p.facts().source()).contains("DeepSeek-R1-0528.yaml");
    assertThat(p.recipe().modelId()).isEqualTo("deepseek-ai/DeepSeek-R1-0528");
    assertThat(p.servedModel()).isEqualTo("deepseek-ai/DeepSeek-R1");
    assertThat(p.gpuCount()).isEqualTo(8);
  }

  @Test
  void llama70bOn8H100TakesFourGpusRatherThanTwoWithACutContext() {
    Plan p = plan("meta-llama/Llama-3.1-70B-Instruct", "H100", 8);

    assertThat(p.gpuCount()).isEqualTo(4);
    assertThat(p.memory().maxModelLenLoweredFrom()).isZero();
    assertThat(p.memory().maxModelLen()).isEqualTo(131072);
    assertThat(p.memory().kvPoolTokens()).isGreaterThanOrEqualTo(Headroom.SEQUENCES * 4096L);
    assertThat(p.candidates())
        .filteredOn(c -> c.recipe().gpuCount() == 2 && c.recipe().gpu().equals("H100"))
        .filteredOn(
            c -> c.recipe().precision() == Precision.BF16 && c.recipe().engine() == p.engine())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.DOES_NOT_FIT));
  }

  @Test
  void anFp8VariantIsSizedAtFp8AndGetsNoOnlineQuantization() {
    Plan p = plan("Qwen/Qwen3-32B-FP8", "H100", 1);

    assertThat(p.facts().nativePrecision()).isEqualTo(Precision.FP8);
    // 32.8 B parameters: linear layers at one byte, embedding and LM head at two.
    assertThat(p.facts().weightBytes()).isBetween(33_000_000_000L, 35_500_000_000L);
    assertThat(p.recipe().canonicalArgs()).doesNotContainKey("quantization");
    assertThat(p.memory().weightsPerGpu()).isLessThan(36_000_000_000L);
  }

  @Test
  void gptOss120bServesItsMxfp4CheckpointOnOneMi300xWithAmdsProfile() {
    Plan p = plan("openai/gpt-oss-120b", "MI300X", 8);

    assertThat(p.precision()).isEqualTo(Precision.FP4);
    assertThat(p.gpuCount()).isEqualTo(1);
    assertThat(p.recipe().id()).isEqualTo("openai/gpt-oss-120b/vllm-mi300x-mxfp4-tp1-latency");
    assertThat(p.recipe().canonicalArgs()).doesNotContainKey("quantization");
  }

  @Test
  void variablesTheTargetVllmNoLongerReadsAreDroppedWithAWarning() {
    Plan p = plan("Qwen/Qwen3-32B", "MI300X", 1);

    // AMD's profile sets the ROCm fork's name; upstream vLLM (0.12 on) never reads it.
    assertThat(p.recipe().env()).doesNotContainKey("VLLM_USE_AITER_TRITON_ROPE");
    assertThat(p.warnings())
        .anyMatch(w -> w.startsWith("dropped VLLM_USE_AITER_TRITON_ROPE=1: vllm"));
  }

  @Test
  void thePinnedRocmBuildKeepsTheForksVariablesItReads() {
    // rocm/vllm:rocm7.0.0_vllm_0.11.2 is a build of ROCm/vllm, whose envs.py reads the fork's name.
    PlanRequest r =
        new PlanRequest("Qwen/Qwen3-32B", 1, null, null, null, null, java.util.Map.of(), "0.11.2");
    Plan p =
        planner.plan(
            r,
            gpus("MI300X", 1),
            Set.of(),
            catalog,
            new ModelFactsResolver(catalog).resolve("Qwen/Qwen3-32B"));

    assertThat(p.recipe().env()).containsEntry("VLLM_USE_AITER_TRITON_ROPE", "1");
    assertThat(p.warnings()).noneMatch(w -> w.contains("VLLM_USE_AITER_TRITON_ROPE"));
  }
}
