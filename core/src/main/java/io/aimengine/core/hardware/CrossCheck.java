package io.aimengine.core.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a tool's device list with the KFD topology, and flags memory figures that do not look
 * like the model. Tools see every GPU the driver has; the ROCm runtime (and so the engine) sees
 * only the KFD nodes whose render node this process can open. KFD is the authority on which GPUs
 * are usable and on their ROCm index; the tool is the authority on details (name, memory in use).
 */
final class CrossCheck {
  /** Reported memory below this share of the model's figure is worth a note. */
  private static final double SMALL_MEMORY = 0.6;

  private CrossCheck() {}

  static List<GpuDevice> withKfd(
      String tool, List<GpuDevice> toolDevices, KfdDetector.Topology topology, List<String> notes) {
    if (!topology.present()) {
      return toolDevices;
    }
    int n = toolDevices.size();
    if (topology.gpuNodes().isEmpty()) {
      notes.add(
          tool
              + " lists "
              + n
              + " GPU(s) but the KFD topology shows none: the ROCm runtime may not see them"
              + " (amdgpu compute not initialised?)");
      return toolDevices;
    }
    if (!topology.kfdDevice()) {
      notes.add(
          tool
              + " lists "
              + n
              + " GPU(s) but /dev/kfd is missing: ROCm engines cannot use them here (a container"
              + " needs --device /dev/kfd --device /dev/dri)");
      return List.of();
    }
    List<GpuDevice> usable = topology.accessible();
    List<String> toolBus = toolDevices.stream().map(GpuDevice::pciBusId).toList();
    List<String> kfdBus = topology.gpuNodes().stream().map(g -> g.device().pciBusId()).toList();
    boolean busIds = distinctAndKnown(toolBus) && distinctAndKnown(kfdBus);
    if (!busIds) {
      if (usable.size() != n) {
        notes.add(
            tool
                + " lists "
                + n
                + " GPU(s), the KFD topology shows "
                + usable.size()
                + " usable; without distinct PCI bus ids they cannot be matched: using "
                + tool
                + "'s list");
      }
      return toolDevices;
    }
    Map<String, GpuDevice> byBus = new LinkedHashMap<>();
    for (GpuDevice d : toolDevices) {
      byBus.put(d.pciBusId(), d);
    }
    List<GpuDevice> out = new ArrayList<>();
    List<String> onlyKfd = new ArrayList<>();
    boolean renumbered = false;
    for (GpuDevice k : usable) {
      GpuDevice t = byBus.remove(k.pciBusId());
      if (t == null) {
        out.add(k);
        onlyKfd.add(k.pciBusId());
        continue;
      }
      renumbered |= t.index() != k.index();
      out.add(
          new GpuDevice(
              k.index(),
              t.vendor(),
              t.model(),
              t.target() != null ? t.target() : k.target(),
              t.memoryTotalBytes() > 0 ? t.memoryTotalBytes() : k.memoryTotalBytes(),
              t.memoryUsedBytes(),
              t.pciBusId(),
              t.uniqueId() != null ? t.uniqueId() : k.uniqueId()));
    }
    Set<String> unusable = new LinkedHashSet<>(byBus.keySet());
    if (!unusable.isEmpty()) {
      notes.add(
          tool
              + " lists "
              + n
              + " GPUs but only "
              + (n - unusable.size())
              + " are usable by this process (the others have no render node here, e.g. a"
              + " container given some of the GPUs): using those; not usable: "
              + String.join(", ", unusable));
    }
    if (!onlyKfd.isEmpty()) {
      notes.add(
          "the KFD topology shows GPU(s) "
              + String.join(", ", onlyKfd)
              + " that "
              + tool
              + " does not list: using the KFD figures for them");
    }
    if (renumbered) {
      notes.add(
          "device indices follow the ROCm runtime's (KFD) order, not " + tool + "'s numbering");
    }
    return out;
  }

  private static boolean distinctAndKnown(List<String> ids) {
    return ids.stream().allMatch(java.util.Objects::nonNull)
        && new java.util.HashSet<>(ids).size() == ids.size();
  }

  /** One note per model whose reported memory is far below the table, and per unknown model. */
  static List<String> memoryNotes(List<GpuDevice> devices, GpuCatalog catalog) {
    List<String> notes = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (GpuDevice d : devices) {
      if (!done.add(d.model())) {
        continue;
      }
      Optional<GpuSpec> spec = catalog.find(d.model());
      if (spec.isEmpty()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "GPU %d (%s) is not in the GPU table: plans use its reported %.1f GiB, and no"
                    + " tuned recipe targets it",
                d.index(),
                d.model(),
                gib(d.memoryTotalBytes())));
      } else if (d.memoryTotalBytes() > 0
          && d.memoryTotalBytes() < SMALL_MEMORY * spec.get().memoryBytes()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s reports %.1f GiB per device, far below its %.1f GiB: a partition mode"
                    + " (CPX/NPS4), a virtual-function slice or an APU carve-out; plans use the"
                    + " reported figure",
                d.model(),
                gib(d.memoryTotalBytes()),
                gib(spec.get().memoryBytes())));
      }
    }
    return notes;
  }

  private static double gib(long bytes) {
    return bytes / (1024.0 * 1024 * 1024);
  }
}
