package io.aimengine.operator.inventory;

import io.aimengine.core.hardware.CpuInfo;
import io.aimengine.core.hardware.DetectorReport;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuDevice;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.hardware.GpuVendor;
import io.aimengine.core.hardware.Inventory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's schedulable GPUs, node by node. A replica runs on one node, so the planner sees one
 * node's worth of one GPU model: {@link #plannerInventory} never offers more GPUs than the best
 * single node has. Immutable.
 *
 * @param nodes schedulable nodes with GPUs, in name order
 * @param skipped nodes left out and why ("node-3: cordoned")
 */
public record ClusterInventory(List<NodeGpus> nodes, List<String> skipped) {

  public ClusterInventory {
    nodes = nodes.stream().sorted(Comparator.comparing(NodeGpus::node)).toList();
    skipped = List.copyOf(skipped);
  }

  public boolean hasGpus() {
    return nodes.stream().anyMatch(n -> n.count() > 0);
  }

  /** GPU model → the most GPUs of it one node offers, models in name order. */
  public Map<String, Integer> maxPerNode() {
    Map<String, Integer> m = new TreeMap<>();
    nodes.forEach(n -> m.merge(n.model(), n.count(), Math::max));
    return m;
  }

  /** GPU model → GPUs over all schedulable nodes. */
  public Map<String, Integer> totals() {
    Map<String, Integer> m = new TreeMap<>();
    nodes.forEach(n -> m.merge(n.model(), n.count(), Integer::sum));
    return m;
  }

  /** GPU models to try, best first: the most GPUs on one node, then more memory, then name. */
  public List<String> modelsByPreference() {
    Map<String, Integer> max = maxPerNode();
    Map<String, Long> mem = new TreeMap<>();
    nodes.forEach(n -> mem.merge(n.model(), n.memoryBytes(), Math::max));
    List<String> out = new ArrayList<>(max.keySet());
    out.sort(
        Comparator.<String>comparingInt(m -> -max.get(m))
            .thenComparingLong(m -> -mem.get(m))
            .thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /**
   * What the planner sees for one GPU model: as many devices as the best node has of it, with the
   * smallest memory reported for it.
   */
  public Inventory plannerInventory(String model, GpuCatalog gpus) {
    int count = maxPerNode().getOrDefault(model, 0);
    long memory =
        nodes.stream()
            .filter(n -> n.model().equals(model) && n.memoryBytes() > 0)
            .mapToLong(NodeGpus::memoryBytes)
            .min()
            .orElse(gpus.find(model).map(GpuSpec::memoryBytes).orElse(0L));
    GpuSpec spec = gpus.find(model).orElse(null);
    GpuVendor vendor = spec == null ? GpuVendor.AMD : spec.vendor();
    List<GpuDevice> devices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      devices.add(
          new GpuDevice(
              i,
              vendor,
              spec == null ? model : spec.name(),
              spec == null ? null : spec.target(),
              memory,
              -1,
              null,
              null));
    }
    String detail = count + " x " + model + " on the best of " + nodes.size() + " node(s)";
    return new Inventory(
        devices,
        "kubernetes",
        List.of(new DetectorReport("kubernetes", DetectorReport.Outcome.FOUND, count, detail)),
        List.of(),
        CpuInfo.minimal());
  }
}
