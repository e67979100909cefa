package io.aimengine.core.plan;

import static io.aimengine.core.plan.MemoryEstimator.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The overhead term of the memory arithmetic, term by term: runtime context (1 GiB, +0.5 GiB of
 * collective buffers when sharded), the activation peak of one batched step and the fp32 logits of
 * the running rows, with the engine's own flag names and defaults by GPU size.
 */
class MemoryOverheadTest {
  // hidden 4096, intermediate 14336, vocab 128256: Llama-3.1-8B's shapes.
  static final Architecture DENSE =
      new Architecture("llama", 32, 4096, 32, 8, 128, 14336, 128256, 131072, 0, false, null, null);
  static final Architecture MOE =
      new Architecture(
          "qwen3_moe",
          48,
          2048,
          32,
          4,
          128,
          12288,
          151936,
          40960,
          0,
          false,
          new Architecture.Moe(128, 8, 768, 0, 0),
          null);

  private static Recipe recipe(EngineKind e, int gpus, Object... args) {
    return Fixtures.recipe(
        "r", "m/x", e, "MI300X", gpus, Precision.BF16, Metric.LATENCY, RecipeType.GENERAL, args);
  }

  private static long expected(
      Architecture a, long inter, int tp, long tokens, long rows, boolean sharded) {
    long perToken = (long) a.hiddenSize() * 2 * 6 + inter / tp * 2 * 3;
    long activation = tokens * perToken + rows * (long) a.vocabSize() * 4;
    return GIB + (sharded ? GIB / 2 : 0) + activation;
  }

  private static long overhead(Recipe r, Architecture a, long device) {
    return MemoryEstimator.overhead(r, a, MemoryEstimator.parallelism(r), device);
  }

  @ParameterizedTest(name = "{0} TP{1} on {2} GiB: {3} batched tokens, {4} rows")
  @CsvSource({
    // engine, tp, device GiB, tokens, rows, batched flag value, rows flag value (0 = unset)
    "VLLM,   1, 192, 8192, 1024,    0,   0",
    "VLLM,   2, 192, 8192, 1024,    0,   0",
    "VLLM,   8, 192, 8192, 1024,    0,   0",
    "VLLM,   1,  64, 2048,  256,    0,   0",
    "VLLM,   1,  80, 8192, 1024,    0,   0",
    "VLLM,   1, 192, 1024,   64, 1024,  64",
    "VLLM,   1, 192,  512,  512,  512, 4096",
    "SGLANG, 1, 192, 8192, 1024,    0,   0",
    "SGLANG, 4, 192, 4096,  128, 4096, 128",
  })
  void denseOverheadIsRuntimePlusActivationPeakPlusLogits(
      EngineKind engine, int tp, long deviceGib, long tokens, long rows, int batched, int seqs) {
    boolean sg = engine == EngineKind.SGLANG;
    Object[] args =
        batched == 0
            ? new Object[] {sg ? "tp-size" : "tensor-parallel-size", (long) tp}
            : new Object[] {
              sg ? "tp-size" : "tensor-parallel-size",
              (long) tp,
              sg ? "chunked-prefill-size" : "max-num-batched-tokens",
              (long) batched,
              sg ? "max-running-requests" : "max-num-seqs",
              (long) seqs
            };
    Recipe r = recipe(engine, tp, args);

    assertThat(overhead(r, DENSE, deviceGib * GIB))
        .isEqualTo(expected(DENSE, DENSE.intermediateSize(), tp, tokens, rows, tp > 1));
  }

  @Test
  void moeActivationsUseTheActiveExpertsIntermediateSize() {
    Recipe r = recipe(EngineKind.VLLM, 2, "tensor-parallel-size", 2L);

    assertThat(overhead(r, MOE, 192 * GIB))
        .isEqualTo(expected(MOE, 768L * 8, 2, 8192, 1024, true))
        .isNotEqualTo(expected(MOE, MOE.intermediateSize(), 2, 8192, 1024, true));
  }

  @Test
  void llamaCppOnCpuReservesAFixedQuarterGib() {
    assertThat(overhead(recipe(EngineKind.LLAMACPP, 0), DENSE, 64 * GIB)).isEqualTo(GIB / 4);
  }

  @Test
  void pipelineShardingAlsoPaysForCollectiveBuffers() {
    Recipe r = recipe(EngineKind.VLLM, 2, "tensor-parallel-size", 1L, "pipeline-parallel-size", 2L);

    assertThat(overhead(r, DENSE, 192 * GIB))
        .isEqualTo(expected(DENSE, DENSE.intermediateSize(), 1, 8192, 1024, true));
  }
}
