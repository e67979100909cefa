package io.aimengine.core.hardware;

/** Accelerator vendors AIM Engine plans for. */
public enum GpuVendor {
  AMD(0x1002),
  NVIDIA(0x10de);

  private final int pciVendorId;

  GpuVendor(int pciVendorId) {
    this.pciVendorId = pciVendorId;
  }

  public int pciVendorId() {
    return pciVendorId;
  }
}
