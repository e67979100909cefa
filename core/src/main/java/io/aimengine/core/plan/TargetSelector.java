package io.aimengine.core.plan;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.DetectorReport;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuDevice;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.hardware.Inventory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the hardware a plan targets. GPU engines: the GPU model with the most free devices (ties:
 * more memory, then name); devices held by other endpoints or more than 10% full with someone
 * else's memory are not free. llama.cpp: the CPU, unless the catalog has llama.cpp recipes for the
 * GPUs present.
 */
final class TargetSelector {
  static final double BUSY_FRACTION = 0.10;
  private final GpuCatalog gpus;

  TargetSelector(GpuCatalog gpus) {
    this.gpus = gpus;
  }

  Target select(
      EngineKind engine,
      Inventory inventory,
      Set<Integer> inUse,
      Catalog catalog,
      String model,
      List<String> reasons,
      List<String> warnings) {
    if (engine == EngineKind.LLAMACPP && !hasLlamaGpuRecipes(inventory, catalog)) {
      long mem = inventory.cpu().memoryBytes();
      reasons.add(
          "hardware: CPU, "
              + inventory.cpu().cores()
              + " cores, "
              + (mem > 0 ? Gib.format(mem) + " memory" : "memory unknown"));
      return new Target(Target.CPU, null, mem, List.of(), 0);
    }
    if (!inventory.hasGpus()) {
      throw AimException.unexpectedState(noGpuMessage(inventory));
    }
    record Group(String model, List<GpuDevice> devices, List<Integer> free, long memory) {}
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<GpuDevice>> e : inventory.byModel().entrySet()) {
      List<Integer> free = new ArrayList<>();
      long memory = Long.MAX_VALUE;
      for (GpuDevice d : e.getValue()) {
        memory = Math.min(memory, d.memoryTotalBytes());
        if (inUse.contains(d.index())) {
          continue;
        }
        if (d.memoryUsedBytes() > d.memoryTotalBytes() * BUSY_FRACTION) {
          warnings.add(
              "GPU "
                  + d.index()
                  + " ("
                  + d.model()
                  + ") has "
                  + Gib.format(d.memoryUsedBytes())
                  + " of "
                  + Gib.format(d.memoryTotalBytes())
                  + " in use by another process: not used");
          continue;
        }
        free.add(d.index());
      }
      free.sort(Comparator.naturalOrder());
      groups.add(new Group(e.getKey(), e.getValue(), free, memory));
    }
    // Most free devices, then most memory, then name; written out (Comparator.comparingInt's
    // lambdas are linked on every plan: the start-up cache does not keep the JDK's call sites).
    groups.sort(
        (a, b) -> {
          int c = Integer.compare(b.free().size(), a.free().size());
          if (c == 0) {
            c = Long.compare(-a.memory(), -b.memory());
          }
          return c != 0 ? c : a.model().compareTo(b.model());
        });
    Group g = groups.get(0);
    if (groups.size() > 1) {
      warnings.add(
          "mixed GPU models "
              + groups.stream().map(x -> x.devices().size() + " × " + x.model()).toList()
              + ": planning for "
              + g.model()
              + " (most free devices)");
    }
    GpuSpec spec = gpus.find(g.model()).orElse(null);
    long memory = g.memory() > 0 ? g.memory() : spec == null ? 0 : spec.memoryBytes();
    reasons.add(
        "hardware: "
            + g.devices().size()
            + " × "
            + g.model()
            + " ("
            + Gib.format(memory)
            + " each) from "
            + inventory.source()
            + "; "
            + g.free().size()
            + " free");
    if (g.free().isEmpty()) {
      throw AimException.unexpectedState(
          "all "
              + g.devices().size()
              + " × "
              + g.model()
              + " GPUs are held by other endpoints or busy; see 'aim-engine list' and stop one");
    }
    return new Target(
        spec == null ? g.model() : spec.name(), spec, memory, g.free(), g.devices().size());
  }

  private static boolean hasLlamaGpuRecipes(Inventory inventory, Catalog catalog) {
    for (String model : inventory.byModel().keySet()) {
      if (catalog.generalRecipes(model).stream().anyMatch(r -> r.engine() == EngineKind.LLAMACPP)) {
        return true;
      }
    }
    return false;
  }

  static String noGpuMessage(Inventory inventory) {
    List<String> said = new ArrayList<>();
    for (DetectorReport r : inventory.reports()) {
      said.add(r.detector() + ": " + r.detail());
    }
    return "no GPU found"
        + (said.isEmpty() ? "" : " (" + String.join("; ", said) + ")")
        + "; to plan for a target machine pass --gpu MI300X --gpu-count 8, or use --backend llamacpp with a GGUF model for CPU";
  }
}
