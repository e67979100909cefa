package io.aimengine.core.hardware;

/**
 * The host CPU, the hardware the llama.cpp engine plans for when no GPU is used.
 *
 * @param model CPU model name, or "unknown"
 * @param cores logical cores available to this process
 * @param memoryBytes system memory (MemTotal), 0 when unknown
 */
public record CpuInfo(String model, int cores, long memoryBytes) {

  /** What the JVM can see without reading /proc: core count and no memory figure. */
  public static CpuInfo minimal() {
    return new CpuInfo("unknown", Runtime.getRuntime().availableProcessors(), 0);
  }
}
