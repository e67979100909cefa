package io.aimengine.core.plan;

/**
 * The KV-cache headroom a GPU plan must leave (docs/recipes.md, "Headroom"): room for real serving,
 * not for one sequence. The KV pool each GPU has left after weights and runtime must hold at least
 * {@link #SEQUENCES} sequences of {@link #TYPICAL_TOKENS} tokens (or of the whole context when it
 * is shorter), and at least one full-context sequence, which vLLM requires to start. A context
 * longer than that may be lowered to what the pool holds, never below the headroom itself: a plan
 * that only fits by cutting the context to a few thousand tokens does not fit, and the planner
 * takes the next GPU count. llama.cpp on CPU needs one full context (it serves one slot by
 * default). Pure.
 */
final class Headroom {
  /** Concurrent sequences the pool must hold. */
  static final int SEQUENCES = 16;

  /** Length of a typical request (prompt + answer), in tokens. */
  static final int TYPICAL_TOKENS = 4096;

  private Headroom() {}

  /** KV tokens per GPU a plan with this context must be able to hold. */
  static long requiredTokens(int context, boolean gpu) {
    if (!gpu) {
      return context;
    }
    return Math.max(context, (long) SEQUENCES * Math.min(context, TYPICAL_TOKENS));
  }

  /** The shortest context the planner may lower {@code requested} to. */
  static int lowestContext(int requested, boolean gpu) {
    if (!gpu) {
      return Math.min(MemoryEstimator.MIN_CONTEXT, requested);
    }
    return (int) Math.min(requested, (long) SEQUENCES * TYPICAL_TOKENS);
  }
}
