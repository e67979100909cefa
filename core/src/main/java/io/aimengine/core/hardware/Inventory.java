package io.aimengine.core.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accelerators this process can use, after visibility masks, and how that was found out.
 *
 * @param gpus visible devices in index order (empty on a CPU-only host)
 * @param source the detector that answered ("override", "amd-smi", ..., "none")
 * @param reports what every detector said, in the order they were tried
 * @param notes cross-check warnings and mask notes, one line each
 * @param cpu the host CPU and system memory
 */
public record Inventory(
    List<GpuDevice> gpus,
    String source,
    List<DetectorReport> reports,
    List<String> notes,
    CpuInfo cpu) {

  public Inventory {
    gpus = List.copyOf(gpus);
    reports = List.copyOf(reports);
    notes = List.copyOf(notes);
  }

  /**
   * An inventory assumed from a GPU model and count (CLI {@code --gpu/--gpu-count} or {@code
   * AIM_GPU_MODEL/AIM_GPU_COUNT}), with devices 0..count-1 and nothing in use.
   */
  public static Inventory assumed(GpuSpec spec, int count, String source, CpuInfo cpu) {
    List<GpuDevice> devices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      devices.add(
          new GpuDevice(
              i, spec.vendor(), spec.name(), spec.target(), spec.memoryBytes(), -1, null, null));
    }
    return new Inventory(
        devices,
        source,
        List.of(
            new DetectorReport(
                source,
                DetectorReport.Outcome.FOUND,
                count,
                count + " x " + spec.name() + " (assumed)")),
        List.of(),
        cpu);
  }

  /** A host with no usable GPU. */
  public static Inventory cpuOnly(List<DetectorReport> reports, List<String> notes, CpuInfo cpu) {
    return new Inventory(List.of(), "none", reports, notes, cpu);
  }

  public boolean hasGpus() {
    return !gpus.isEmpty();
  }

  /** Devices grouped by model name, models in name order. */
  public Map<String, List<GpuDevice>> byModel() {
    Map<String, List<GpuDevice>> m = new TreeMap<>();
    for (GpuDevice d : gpus) {
      m.computeIfAbsent(d.model(), k -> new ArrayList<>()).add(d);
    }
    return m;
  }
}
