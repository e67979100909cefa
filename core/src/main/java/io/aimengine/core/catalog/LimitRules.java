package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Architecture;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Numeric limits the engines enforce at start-up: memory fractions in range, vLLM's token budget at
 * least its sequence budget (and, without chunked prefill, at least one full context), and a
 * context no longer than the model's unless RoPE scaling is configured.
 */
final class LimitRules {
  private LimitRules() {}

  static void check(RecipeCheck c) {
    EngineKind engine = c.recipe().engine();
    if (engine == EngineKind.VLLM) {
      fraction(c, "gpu-memory-utilization", false);
      batching(c);
      context(c, "max-model-len");
    } else if (engine == EngineKind.SGLANG) {
      fraction(c, "mem-fraction-static", true);
      context(c, "context-length");
    } else {
      context(c, "ctx-size");
    }
  }

  /** (0, 1] for vLLM's gpu-memory-utilization, (0, 1) for SGLang's mem-fraction-static. */
  private static void fraction(RecipeCheck c, String name, boolean openTop) {
    Optional<BigDecimal> v = c.number(name);
    if (v.isEmpty()) {
      return;
    }
    double d = v.get().doubleValue();
    boolean bad = d <= 0 || d > 1 || (openTop && d >= 1);
    if (bad) {
      c.error(
          c.argField(c.arg(name).get().key()),
          "--"
              + name
              + " "
              + v.get().toPlainString()
              + " is out of range "
              + (openTop ? "(0, 1)" : "(0, 1]")
              + ": it is a fraction of each GPU's memory, e.g. 0.9");
    }
  }

  private static void batching(RecipeCheck c) {
    Optional<Integer> tokens = c.integer("max-num-batched-tokens");
    Optional<Integer> seqs = c.integer("max-num-seqs");
    if (tokens.isPresent() && seqs.isPresent() && tokens.get() < seqs.get()) {
      c.error(
          c.argField(c.arg("max-num-batched-tokens").get().key()),
          "--max-num-batched-tokens "
              + tokens.get()
              + " is below --max-num-seqs "
              + seqs.get()
              + "; vLLM refuses to start (each running sequence needs at least one token per step)");
    }
    boolean chunked = c.switchState("enable-chunked-prefill").orElse(true);
    Optional<Integer> len = c.integer("max-model-len");
    if (!chunked && tokens.isPresent() && len.isPresent() && tokens.get() < len.get()) {
      c.error(
          c.argField(c.arg("max-num-batched-tokens").get().key()),
          "--max-num-batched-tokens "
              + tokens.get()
              + " is below --max-model-len "
              + len.get()
              + " with chunked prefill off; vLLM needs the whole prompt in one step. Raise it or"
              + " enable chunked prefill");
    }
  }

  private static void context(RecipeCheck c, String name) {
    Optional<Integer> len = c.integer(name);
    Optional<Architecture> arch = c.model().map(m -> m.facts().architecture());
    if (len.isEmpty() || arch.isEmpty() || arch.get().maxContext() <= 0) {
      return;
    }
    boolean scaled =
        c.arg("rope-scaling").isPresent()
            || c.arg("hf-overrides").isPresent()
            || c.arg("json-model-override-args").isPresent()
            || c.arg("rope-freq-scale").isPresent();
    if (len.get() > arch.get().maxContext() && !scaled) {
      c.error(
          c.argField(c.arg(name).get().key()),
          "--"
              + name
              + " "
              + len.get()
              + " exceeds "
              + c.model().get().id()
              + "'s "
              + arch.get().maxContext()
              + "-token context (max_position_embeddings); lower it or configure RoPE scaling");
    }
  }
}
