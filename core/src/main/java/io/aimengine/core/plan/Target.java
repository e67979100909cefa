package io.aimengine.core.plan;

import io.aimengine.core.hardware.GpuSpec;
import java.util.List;

/**
 * The hardware one plan is made for: one GPU model (or the CPU) and the devices of it that are
 * free.
 *
 * @param name canonical GPU model name, the raw model string for unknown GPUs, or "CPU"
 * @param spec table facts, null for the CPU and for GPUs the table does not know
 * @param deviceMemory bytes of one device (the smallest one of the group), system memory for CPU
 * @param freeIndices device indices not held by another endpoint, ascending
 * @param totalDevices devices of this model visible to the process
 */
public record Target(
    String name, GpuSpec spec, long deviceMemory, List<Integer> freeIndices, int totalDevices) {

  public static final String CPU = "CPU";

  public Target {
    freeIndices = List.copyOf(freeIndices);
  }

  public boolean isCpu() {
    return CPU.equals(name);
  }

  public int available() {
    return isCpu() ? 0 : freeIndices.size();
  }

  public boolean supportsFp8() {
    return spec != null && spec.fp8();
  }

  public boolean supportsFp4() {
    return spec != null && spec.fp4();
  }
}
