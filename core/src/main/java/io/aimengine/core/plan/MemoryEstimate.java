package io.aimengine.core.plan;

/**
 * Per-GPU memory arithmetic for one candidate, in bytes. For the llama.cpp engine on CPU the "GPU"
 * is system memory.
 *
 * @param weightsPerGpu weight bytes each GPU holds
 * @param kvCachePerGpu KV cache for one full {@code maxModelLen} sequence on each GPU
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
    boolean fits) {}
