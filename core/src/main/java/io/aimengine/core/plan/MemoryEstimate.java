package io.aimengine.core.plan;

/**
 * Per-GPU memory arithmetic for one candidate, in bytes. For the llama.cpp engine on CPU the "GPU"
 * is system memory.
 *
 * @param weightsPerGpu weight bytes each GPU holds
 * @param kvCachePerGpu KV cache the headroom policy requires on each GPU ({@code headroomTokens})
 * @param overheadPerGpu runtime context, collective buffers and activation peak
 * @param totalPerGpu weights + KV + overhead
 * @param budgetPerGpu what the engine may use: utilization x device memory
 * @param deviceMemory total memory of one device
 * @param utilization the fraction applied (vLLM gpu-memory-utilization, SGLang mem-fraction-static)
 * @param maxModelLen context length the KV figure is for
 * @param kvBytesPerToken KV bytes per token on one GPU
 * @param maxModelLenLoweredFrom the context length the recipe or model asked for when the plan
 *     lowered it to fit, 0 when unchanged
 * @param fits whether total fits within budget
 * @param kvPoolPerGpu what the engine has left for KV cache on each GPU after weights and runtime
 *     (vLLM's "Available KV cache memory"), 0 when nothing is left
 * @param headroomTokens KV tokens per GPU the headroom policy requires (docs/recipes.md)
 */
public record MemoryEstimate(
    long weightsPerGpu,
    long kvCachePerGpu,
    long overheadPerGpu,
    long totalPerGpu,
    long budgetPerGpu,
    long deviceMemory,
    double utilization,
    int maxModelLen,
    long kvBytesPerToken,
    int maxModelLenLoweredFrom,
    boolean fits,
    long kvPoolPerGpu,
    long headroomTokens) {

  /** KV tokens the pool holds on each GPU (vLLM's "GPU KV cache size"), 0 when unknown. */
  public long kvPoolTokens() {
    return kvBytesPerToken <= 0 ? 0 : kvPoolPerGpu / kvBytesPerToken;
  }

  /**
   * Full-context sequences the pool holds at once (vLLM's "Maximum concurrency for N tokens per
   * request").
   */
  public double concurrency() {
    return maxModelLen <= 0 ? 0 : kvPoolTokens() / (double) maxModelLen;
  }

  /** Sequences of {@code tokens} tokens the pool holds at once. */
  public long sequencesAt(int tokens) {
    return tokens <= 0 ? 0 : kvPoolTokens() / Math.min(tokens, Math.max(1, maxModelLen));
  }
}
