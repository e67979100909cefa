package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Architecture;
import java.util.List;
import java.util.Optional;

/**
 * GPU count against the parallel layout: vLLM uses tensor x pipeline x data parallel GPUs; SGLang
 * tp x pp, times dp unless DP attention shares the TP group. Tensor parallelism must split the
 * model's attention heads evenly (and its KV heads, or be a multiple of them).
 */
final class ParallelismRules {
  private ParallelismRules() {}

  static void check(RecipeCheck c) {
    Recipe r = c.recipe();
    if (r.engine() == EngineKind.LLAMACPP) {
      return;
    }
    Layout layout = layout(c);
    if (layout == null) {
      return;
    }
    if (r.gpuCount() == 0 && !"CPU".equals(r.gpu())) {
      c.error(
          c.metaField("gpu_count"),
          "gpu_count is 0 but " + c.engineName() + " needs at least one " + r.gpu());
      return;
    }
    if (r.gpuCount() > 0 && layout.gpus() != r.gpuCount()) {
      c.error(
          c.metaField("gpu_count"),
          "gpu_count is "
              + r.gpuCount()
              + " but the parallel arguments use "
              + layout.gpus()
              + " GPUs ("
              + layout.formula()
              + "); set "
              + layout.tpFlag()
              + " to match or fix gpu_count");
    }
    c.model()
        .map(m -> m.facts().architecture())
        .ifPresent(arch -> heads(c, arch, layout.tp(), layout.tpFlag()));
  }

  private record Layout(int tp, int gpus, String formula, String tpFlag) {}

  private static Layout layout(RecipeCheck c) {
    boolean vllm = c.recipe().engine() == EngineKind.VLLM;
    String tpName = vllm ? "tensor-parallel-size" : "tp-size";
    String ppName = vllm ? "pipeline-parallel-size" : "pp-size";
    String dpName = vllm ? "data-parallel-size" : "dp-size";
    Optional<Integer> tp = positive(c, tpName);
    Optional<Integer> pp = positive(c, ppName);
    Optional<Integer> dp = positive(c, dpName);
    if (tp.isEmpty() || pp.isEmpty() || dp.isEmpty()) {
      return null; // not a positive integer: reported below or by the value rules
    }
    boolean dpAttention = !vllm && c.switchState("enable-dp-attention").orElse(false);
    int dpGpus = dpAttention ? 1 : dp.get();
    String formula =
        "--"
            + tpName
            + " "
            + tp.get()
            + " x --"
            + ppName
            + " "
            + pp.get()
            + (dpAttention ? "" : " x --" + dpName + " " + dp.get());
    return new Layout(tp.get(), tp.get() * pp.get() * dpGpus, formula, "--" + tpName);
  }

  /** The value of a parallel-size flag, 1 when absent; empty (and an error) when not >= 1. */
  private static Optional<Integer> positive(RecipeCheck c, String name) {
    Optional<RecipeCheck.Arg> a = c.arg(name);
    if (a.isEmpty()) {
      return Optional.of(1);
    }
    Optional<Integer> n = c.integer(name);
    if (n.isPresent() && n.get() < 1) {
      c.error(c.argField(a.get().key()), "--" + name + " must be at least 1, got " + n.get());
      return Optional.empty();
    }
    return n;
  }

  private static void heads(RecipeCheck c, Architecture arch, int tp, String tpFlag) {
    String field =
        c.arg(tpFlag.substring(2)).map(a -> c.argField(a.key())).orElse(c.metaField("gpu_count"));
    if (arch.attentionHeads() % tp != 0) {
      c.error(
          field,
          tpFlag
              + " "
              + tp
              + " does not divide "
              + c.recipe().modelId()
              + "'s "
              + arch.attentionHeads()
              + " attention heads; use one of "
              + divisors(arch.attentionHeads()));
      return;
    }
    int kv = arch.kvHeads();
    if (arch.mla() == null && kv > 0 && kv % tp != 0 && tp % kv != 0) {
      c.error(
          field,
          tpFlag
              + " "
              + tp
              + " neither divides nor is a multiple of "
              + c.recipe().modelId()
              + "'s "
              + kv
              + " KV heads");
    }
  }

  private static String divisors(int n) {
    return List.of(1, 2, 4, 8, 16).stream()
        .filter(d -> n % d == 0)
        .map(String::valueOf)
        .reduce((a, b) -> a + ", " + b)
        .orElse("1");
  }
}
