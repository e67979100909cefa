package io.aimengine.core.hardware;

import java.util.List;
import java.util.Set;

/**
 * Static facts about one GPU model, per logical device (an MI250X board is two 64 GiB devices).
 *
 * @param name canonical short name used in recipes and on the command line ("MI300X", "H100")
 * @param vendor AMD or NVIDIA
 * @param architecture family ("CDNA3", "Hopper")
 * @param target compiler target: gfx name on AMD ("gfx942"), sm on NVIDIA ("sm_90")
 * @param memoryBytes device memory as the tools report it, in bytes
 * @param devicesPerBoard logical devices per physical board
 * @param fp8 hardware FP8 support
 * @param fp4 hardware FP4 / MXFP4 support
 * @param bandwidthTbps memory bandwidth per logical device (TB/s), 0 when unknown
 * @param bf16Tflops dense BF16 TFLOPS per logical device, 0 when unknown
 * @param pciDeviceIds PCI device ids reported for this model (including cloud VF variants)
 * @param aliases other names tools and users give this model
 */
public record GpuSpec(
    String name,
    GpuVendor vendor,
    String architecture,
    String target,
    long memoryBytes,
    int devicesPerBoard,
    boolean fp8,
    boolean fp4,
    double bandwidthTbps,
    double bf16Tflops,
    Set<Integer> pciDeviceIds,
    List<String> aliases) {

  public GpuSpec {
    pciDeviceIds = Set.copyOf(pciDeviceIds);
    aliases = List.copyOf(aliases);
  }

  /** True for AMD ROCm devices. */
  public boolean isAmd() {
    return vendor == GpuVendor.AMD;
  }
}
