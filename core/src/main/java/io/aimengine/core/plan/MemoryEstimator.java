package io.aimengine.core.plan;

import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.util.Locale;
import java.util.Map;

/**
 * Per-GPU memory arithmetic for a recipe (reference: memory-estimation.md; rules in
 * docs/recipes.md). Pure.
 *
 * <ul>
 *   <li>weights: checkpoint bytes at the serving precision / (TP x PP);
 *   <li>KV: bytes/token/GPU (GQA heads split over TP, replicated when TP exceeds them; DeepSeek MLA
 *       latent not split) x the tokens the {@link Headroom} policy requires;
 *   <li>overhead (vLLM): 1 GiB runtime + 0.5 GiB collective buffers when TP &gt; 1 + activation
 *       peak of one max-num-batched-tokens step + fp32 logits of max-num-seqs rows;
 *   <li>budget: gpu-memory-utilization (default 0.9) x device memory. SGLang's mem-fraction-static
 *       covers weights + KV only; its activations must fit in the rest. llama.cpp on CPU may use
 *       80% of system memory.
 * </ul>
 *
 * KV headroom: {@link Headroom}. When the pool does not hold the requested context, the context is
 * lowered to the largest multiple of 1024 it holds, if that still meets the headroom.
 */
final class MemoryEstimator {
  static final long GIB = 1024L * 1024 * 1024;
  static final double CPU_SHARE = 0.8;
  static final int MIN_CONTEXT = 4096;
  private static final long LARGE_GPU = 70 * GIB;

  private MemoryEstimator() {}

  /** Parallel degrees a recipe asks for. */
  record Parallelism(int tp, int pp, int dp) {
    int gpus() {
      return tp * pp * dp;
    }
  }

  static Parallelism parallelism(Recipe r) {
    Map<String, Object> a = r.canonicalArgs();
    int count = Math.max(1, r.gpuCount());
    Integer tp = firstInt(a, "tensor-parallel-size", "tp", "tp-size");
    Integer pp = firstInt(a, "pipeline-parallel-size", "pp", "pp-size");
    Integer dp = firstInt(a, "data-parallel-size", "dp", "dp-size");
    int p = pp == null ? 1 : Math.max(1, pp);
    int d = dp == null ? 1 : Math.max(1, dp);
    int t = tp == null ? Math.max(1, count / (p * d)) : Math.max(1, tp);
    return new Parallelism(t, p, d);
  }

  /** The serving precision of the weights: a 16-bit recipe that quantizes online holds fp8. */
  static Precision weightPrecision(Recipe r) {
    Object q = r.canonicalArgs().get("quantization");
    if (q instanceof String s) {
      String l = s.toLowerCase(Locale.ROOT);
      if (l.contains("fp8")) {
        return Precision.FP8;
      }
      if (l.contains("fp4")) {
        return Precision.FP4;
      }
      if (l.equals("awq") || l.equals("gptq") || l.contains("int4")) {
        return Precision.INT4;
      }
    }
    return r.precision();
  }

  static double kvBytesPerElement(Recipe r, Precision weights) {
    Object kv =
        r.canonicalArgs()
            .get(r.engine() == EngineKind.LLAMACPP ? "cache-type-k" : "kv-cache-dtype");
    if (kv instanceof String s) {
      String l = s.toLowerCase(Locale.ROOT);
      if (l.startsWith("fp8") || l.equals("q8_0")) {
        return 1;
      }
      if (l.startsWith("fp4") || l.startsWith("q4")) {
        return 0.5;
      }
    }
    return weights == Precision.FP32 ? 4 : 2;
  }

  /** The context length the recipe asks for, or the model's own maximum (0 when unknown). */
  static int requestedContext(Recipe r, ModelFacts facts) {
    Map<String, Object> a = r.canonicalArgs();
    Integer len =
        switch (r.engine()) {
          case VLLM -> humanInt(a.get("max-model-len"));
          case SGLANG -> humanInt(a.get("context-length"));
          case LLAMACPP -> firstInt(a, "ctx-size", "c");
        };
    if (len != null && len > 0) {
      return len;
    }
    Architecture arch = facts.architecture();
    return arch == null ? 0 : arch.maxContext();
  }

  /**
   * Estimates memory for {@code r} on devices of {@code deviceMemory} bytes. Returns null when the
   * model facts are too thin to compute anything.
   */
  static MemoryEstimate estimate(
      Recipe r, ModelFacts facts, long deviceMemory, boolean allowLowering) {
    Architecture arch = facts.architecture();
    if (deviceMemory <= 0) {
      return null;
    }
    if (!facts.hasMemoryFacts()) {
      return facts.billions() > 0 ? weightsOnly(r, facts, deviceMemory) : null;
    }
    Parallelism par = parallelism(r);
    int shards = par.tp() * par.pp();
    Precision wp = weightPrecision(r);
    long weights = ceilDiv(servedWeightBytes(r, facts, wp), shards);
    double kvElem = kvBytesPerElement(r, wp);
    long kvPerToken = ceilDiv(arch.kvBytesPerTokenPerGpu(par.tp(), kvElem), par.pp());
    int requested = requestedContext(r, facts);
    if (requested <= 0) {
      requested = MIN_CONTEXT;
    }
    double util = utilization(r, par);
    long budget = Math.round(deviceMemory * util);
    long overhead = overhead(r, arch, par, deviceMemory);
    boolean sglang = r.engine() == EngineKind.SGLANG;
    // SGLang: the static fraction holds weights + KV; activations live in the remainder.
    long inBudgetOverhead = sglang ? 0 : overhead;
    boolean overheadOk = !sglang || overhead <= deviceMemory - budget;
    boolean gpu = r.engine() != EngineKind.LLAMACPP;
    long pool = Math.max(0, budget - weights - inBudgetOverhead);
    long total = weights + kvPerToken * Headroom.requiredTokens(requested, gpu) + inBudgetOverhead;
    if (total <= budget && overheadOk) {
      return result(
          weights, kvPerToken, requested, 0, overhead, budget, deviceMemory, util, pool, gpu, true);
    }
    if (allowLowering && overheadOk && kvPerToken > 0) {
      long fit = pool / kvPerToken;
      int lowered = (int) Math.min(Integer.MAX_VALUE, fit >= 1024 ? fit / 1024 * 1024 : fit);
      lowered = Math.min(lowered, requested);
      if (lowered >= Headroom.lowestContext(requested, gpu)
          && lowered < requested
          && kvPerToken * Headroom.requiredTokens(lowered, gpu) <= pool) {
        return result(
            weights,
            kvPerToken,
            lowered,
            requested,
            overhead,
            budget,
            deviceMemory,
            util,
            pool,
            gpu,
            true);
      }
    }
    return result(
        weights, kvPerToken, requested, 0, overhead, budget, deviceMemory, util, pool, gpu, false);
  }

  /**
   * Weight bytes of the whole model as the engine holds them: llama.cpp serves a GGUF file as it is
   * stored, whatever precision label its recipe carries; the others per {@link
   * ModelFacts#weightBytesAt}.
   */
  static long servedWeightBytes(Recipe r, ModelFacts facts, Precision wp) {
    if (r.engine() == EngineKind.LLAMACPP && facts.weightBytes() > 0) {
      return facts.weightBytes();
    }
    return facts.weightBytesAt(wp);
  }

  /**
   * Without an architecture the size in the name is still a size: weights at the serving precision
   * plus the runtime must fit; the KV cache cannot be sized (kvBytesPerToken 0).
   */
  private static MemoryEstimate weightsOnly(Recipe r, ModelFacts facts, long deviceMemory) {
    Parallelism par = parallelism(r);
    int shards = par.tp() * par.pp();
    double bytes = Math.min(2.0, weightPrecision(r).bytesPerParameter());
    long weights =
        r.engine() == EngineKind.LLAMACPP && facts.weightBytes() > 0
            ? ceilDiv(facts.weightBytes(), shards)
            : (long) Math.ceil(facts.billions() * 1e9 * bytes / shards);
    long overhead = GIB + (shards > 1 ? GIB / 2 : 0);
    double util = utilization(r, par);
    long budget = Math.round(deviceMemory * util);
    int context = Math.max(0, requestedContext(r, facts));
    boolean fits = weights + overhead <= budget;
    return new MemoryEstimate(
        weights,
        0,
        overhead,
        weights + overhead,
        budget,
        deviceMemory,
        util,
        context,
        0,
        0,
        fits,
        Math.max(0, budget - weights - overhead),
        0);
  }

  private static MemoryEstimate result(
      long weights,
      long kvPerToken,
      int context,
      int loweredFrom,
      long overhead,
      long budget,
      long deviceMemory,
      double util,
      long pool,
      boolean gpu,
      boolean fits) {
    long headroomTokens = Headroom.requiredTokens(context, gpu);
    long kv = kvPerToken * headroomTokens;
    return new MemoryEstimate(
        weights,
        kv,
        overhead,
        weights + kv + overhead,
        budget,
        deviceMemory,
        util,
        context,
        kvPerToken,
        loweredFrom,
        fits,
        pool,
        headroomTokens);
  }

  /** The memory fraction the engine may use. */
  static double utilization(Recipe r, Parallelism par) {
    Map<String, Object> a = r.canonicalArgs();
    return switch (r.engine()) {
      case VLLM -> {
        Double u = number(a.get("gpu-memory-utilization"));
        yield u == null ? 0.9 : u;
      }
      case SGLANG -> {
        Double u = number(a.get("mem-fraction-static"));
        // SGLang's historical TP ladder when unset (it now auto-computes similar values).
        yield u != null
            ? u
            : par.tp() >= 8 ? 0.80 : par.tp() >= 4 ? 0.82 : par.tp() >= 2 ? 0.85 : 0.88;
      }
      case LLAMACPP -> CPU_SHARE;
    };
  }

  static long overhead(Recipe r, Architecture arch, Parallelism par, long deviceMemory) {
    if (r.engine() == EngineKind.LLAMACPP) {
      return 256L * 1024 * 1024;
    }
    Map<String, Object> a = r.canonicalArgs();
    boolean large = deviceMemory >= LARGE_GPU;
    Integer batched =
        humanInt(
            a.get(
                r.engine() == EngineKind.SGLANG
                    ? "chunked-prefill-size"
                    : "max-num-batched-tokens"));
    Integer seqs =
        humanInt(a.get(r.engine() == EngineKind.SGLANG ? "max-running-requests" : "max-num-seqs"));
    long tokens = batched != null && batched > 0 ? batched : large ? 8192 : 2048;
    long rows = Math.min(tokens, seqs != null && seqs > 0 ? seqs : large ? 1024 : 256);
    long inter =
        arch.moe() != null
            ? (long) arch.moe().expertIntermediateSize() * Math.max(1, arch.moe().activeExperts())
            : arch.intermediateSize();
    long perToken = (long) arch.hiddenSize() * 2 * 6 + inter / par.tp() * 2 * 3;
    long activation = tokens * perToken + rows * (long) arch.vocabSize() * 4;
    long runtime = GIB + (par.tp() * par.pp() > 1 ? GIB / 2 : 0);
    return runtime + activation;
  }

  private static Integer firstInt(Map<String, Object> a, String... keys) {
    for (String k : keys) {
      Integer v = humanInt(a.get(k));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * Integers as engines read them: 32768, "32768", and vLLM's human-readable forms ("32k" = 32000,
   * "32K" = 32768, "1m", "1M").
   */
  static Integer humanInt(Object v) {
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (!(v instanceof String s) || s.isBlank()) {
      return null;
    }
    String t = s.trim();
    long mult = 1;
    char last = t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> mult = 1000;
      case 'K' -> mult = 1024;
      case 'm' -> mult = 1000_000;
      case 'M' -> mult = 1024 * 1024;
      default -> mult = 1;
    }
    if (mult != 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      return (int) Math.round(Double.parseDouble(t) * mult);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
