package io.aimengine.core.plan;

import static io.aimengine.core.plan.Fixtures.facts;
import static io.aimengine.core.plan.Fixtures.generals;
import static io.aimengine.core.plan.Fixtures.gpus;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 12 models (sizes from their config.json and safetensors totals, two quantized checkpoints) × 6
 * GPUs × 1, 2, 4, 8 GPUs asked: every plan either fits with the headroom, judged here by arithmetic
 * independent of the planner's, or exits 3 with the smallest change.
 */
class PlanMatrixTest {
  static final List<String> MODELS =
      List.of(
          "Qwen/Qwen3-8B",
          "Qwen/Qwen3-32B",
          "Qwen/Qwen3-32B-FP8",
          "Qwen/Qwen3-235B-A22B",
          "meta-llama/Llama-3.1-8B-Instruct",
          "meta-llama/Llama-3.1-70B-Instruct",
          "meta-llama/Llama-3.1-405B-Instruct",
          "mistralai/Mixtral-8x7B-Instruct-v0.1",
          "deepseek-ai/DeepSeek-V3",
          "google/gemma-2-9b-it",
          "microsoft/Phi-3-mini-4k-instruct",
          "openai/gpt-oss-120b");
  static final List<String> GPUS = List.of("MI300X", "MI325X", "MI250X", "H100", "H200", "L40S");
  static final double GIB = 1024.0 * 1024 * 1024;

  private final Planner planner = new Planner(GpuCatalog.builtIn());

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (String m : MODELS) {
      for (String g : GPUS) {
        for (int n : new int[] {1, 2, 4, 8}) {
          out.add(Arguments.of(m, g, n));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on {2} × {1}")
  @MethodSource("matrix")
  void everyPlanFitsWithHeadroomOrExitsThreeWithTheSmallestChange(
      String model, String gpu, int count) {
    ModelFacts f = facts(model);
    var catalog = new Fixtures.MemoryCatalog().addAll(generals(gpu, Precision.BF16, Precision.FP8));
    long device = GpuCatalog.builtIn().require(gpu, "test").memoryBytes();
    Plan p;
    try {
      p =
          planner.plan(
              new PlanRequest(model, count, null, null, null, null, Map.of()),
              gpus(gpu, 8),
              Set.of(),
              catalog,
              f);
    } catch (NoFeasiblePlanException e) {
      assertThat(e.exitCode().code()).isEqualTo(3);
      assertThat(e.suggestion()).as(e.getMessage()).isNotNull();
      assertThat(e.getMessage()).containsAnyOf("needs ", "does not fit on 8");
      // The planner says no: an independent judge agrees that the 16-bit (or stored) weights and
      // the headroom do not fit on the asked count at the weight precision it could use.
      double need = judgeNeed(f, storedOr16(f), count, 1.0);
      boolean fp8 = GpuCatalog.builtIn().require(gpu, "test").fp8();
      double needFp8 = fp8 ? judgeNeed(f, Precision.FP8, count, 1.0) : need;
      double budget = 0.9 * device;
      assertThat(Math.min(need, needFp8))
          .as("%s on %d × %s was refused though it fits", model, count, gpu)
          .isGreaterThan(budget * 0.97);
      return;
    }
    MemoryEstimate m = p.memory();
    assertThat(m).isNotNull();
    assertThat(m.fits()).isTrue();
    assertThat(p.gpuCount()).isEqualTo(count);
    // Weights: never less than the real checkpoint bytes at the served precision / TP.
    Precision served = MemoryEstimator.weightPrecision(p.recipe());
    double realWeights = realWeightBytes(f, served) / p.tensorParallelSize();
    assertThat((double) m.weightsPerGpu()).isGreaterThanOrEqualTo(realWeights * 0.99);
    // KV per token matches the config arithmetic.
    double kvElem = m.kvBytesPerToken() < judgeKv(f, p.tensorParallelSize(), 2) ? 1 : 2;
    assertThat((double) m.kvBytesPerToken()).isEqualTo(judgeKv(f, p.tensorParallelSize(), kvElem));
    // Headroom: 16 × 4096 tokens and one full context, within the budget.
    assertThat(m.kvPoolTokens()).isGreaterThanOrEqualTo(Math.max(m.maxModelLen(), 65536L));
    double judged =
        m.weightsPerGpu()
            + judgeKv(f, p.tensorParallelSize(), kvElem) * Math.max(m.maxModelLen(), 65536)
            + GIB;
    assertThat(judged).isLessThanOrEqualTo(m.budgetPerGpu());
    // A quantized checkpoint keeps its precision and gets no online quantization.
    if (f.nativePrecision().bits() < 16) {
      assertThat(p.recipe().canonicalArgs()).doesNotContainKey("quantization");
    }
  }

  private static Precision storedOr16(ModelFacts f) {
    return f.nativePrecision().bits() < 16 ? f.nativePrecision() : Precision.BF16;
  }

  /** Weight bytes of the real checkpoint served at {@code p} (sizes.csv total when known). */
  static double realWeightBytes(ModelFacts f, Precision p) {
    double params = f.parameterCount();
    double stored = f.weightBytes() > 0 ? f.weightBytes() : f.weightBytesAt(f.nativePrecision());
    if (p.bytesPerParameter() >= f.nativePrecision().bytesPerParameter()) {
      return stored;
    }
    Architecture a = f.architecture();
    double embed = (double) a.vocabSize() * a.hiddenSize() * (a.tiedEmbeddings() ? 1 : 2);
    return (params - embed) * p.bytesPerParameter() + embed * 2;
  }

  /** KV bytes per token per GPU from the config (GQA heads over TP, replicated; MLA latent). */
  static double judgeKv(ModelFacts f, int tp, double elem) {
    Architecture a = f.architecture();
    if (a.mla() != null) {
      return a.layers() * (double) (a.mla().kvLoraRank() + a.mla().qkRopeHeadDim()) * elem;
    }
    return 2.0
        * a.layers()
        * Math.max(1, Math.ceil(a.kvHeads() / (double) tp))
        * a.headDim()
        * elem;
  }

  /** Per-GPU need with the headroom at the model's context, plus 1 GiB runtime. */
  static double judgeNeed(ModelFacts f, Precision p, int tp, double slack) {
    int ctx = f.architecture().maxContext();
    double kvElem = p.bits() <= 8 ? 1 : 2;
    double tokens = Math.max(Math.min(ctx, 65536), 65536);
    return realWeightBytes(f, p) / tp + judgeKv(f, tp, kvElem) * tokens + GIB * slack;
  }
}
