package io.aimengine.core.hardware;

/**
 * One logical GPU as this process may use it.
 *
 * @param index the device index that visibility masks ({@code HIP_VISIBLE_DEVICES}, {@code
 *     CUDA_VISIBLE_DEVICES}) name in an unmasked environment: the ROCm runtime's order on AMD (rank
 *     among the usable KFD nodes), nvidia-smi's PCI bus order on NVIDIA; a MIG instance carries its
 *     parent's index and its {@code MIG-…} id as uniqueId
 * @param vendor AMD or NVIDIA
 * @param model canonical model name from {@link GpuCatalog}, or {@code "unknown (0x74ff)"}
 * @param target compiler target ("gfx942", "sm_90"), null when unknown
 * @param memoryTotalBytes total device memory as reported
 * @param memoryUsedBytes memory in use right now, -1 when the source does not say
 * @param pciBusId PCI bus id ("0000:83:00.0"), null when unknown
 * @param uniqueId the tool's unique id (NVIDIA UUID, AMD unique id), null when unknown
 */
public record GpuDevice(
    int index,
    GpuVendor vendor,
    String model,
    String target,
    long memoryTotalBytes,
    long memoryUsedBytes,
    String pciBusId,
    String uniqueId) {

  /** Free memory, or the total when usage is unknown. */
  public long memoryFreeBytes() {
    return memoryUsedBytes < 0 ? memoryTotalBytes : Math.max(0, memoryTotalBytes - memoryUsedBytes);
  }

  /** True for an NVIDIA MIG instance (its {@code uniqueId} is its {@code MIG-…} id). */
  public boolean isMigInstance() {
    return uniqueId != null && uniqueId.regionMatches(true, 0, "MIG-", 0, 4);
  }
}
