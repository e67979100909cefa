package io.aimengine.core.hardware;

/**
 * One source of GPU facts. The set is closed: {@link HardwareDetector} tries them in this order and
 * documents why (docs/operations.md, "GPU detection").
 *
 * <ol>
 *   <li>{@link AmdSmiDetector}: richest AMD source (model, VRAM total/used, bus id, HIP index)
 *   <li>{@link RocmSmiDetector}: older ROCm, JSON with a plain-text fallback
 *   <li>{@link KfdDetector}: the kernel's topology; no tools needed, works in containers
 *   <li>{@link NvidiaSmiDetector}: NVIDIA
 * </ol>
 *
 * <p>A detector never throws for the world's failures: a missing tool is {@link
 * Detection.NotAvailable}, a hung, crashing or garbage-printing one is {@link Detection.Failed}.
 * Implementations are thread-safe (detectors run in parallel).
 */
public sealed interface GpuDetector
    permits AmdSmiDetector, RocmSmiDetector, KfdDetector, NvidiaSmiDetector {

  /** The name shown in reports: "amd-smi", "rocm-smi", "kfd-sysfs", "nvidia-smi". */
  String name();

  /** Asks the source. */
  Detection detect();
}
