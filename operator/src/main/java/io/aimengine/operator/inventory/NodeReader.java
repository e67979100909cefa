package io.aimengine.operator.inventory;

import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads GPUs from Node objects as AMD's device plugin / node labeller and NVIDIA's GPU feature
 * discovery publish them. AMD model: {@code amd.com/gpu.device-id}, then {@code
 * beta.amd.com/gpu.device-id}, then the count-encoded keys ({@code amd.com/gpu.device-id.74a1=4}),
 * through the PCI table; VRAM from {@code amd.com/gpu.vram} ("192G" = GiB; a bare number is MiB
 * below 2^30 and bytes above, since AMD's docs and code disagree); count from allocatable {@code
 * amd.com/gpu}, else the count label. NVIDIA: {@code nvidia.com/gpu.product}, {@code
 * nvidia.com/gpu.memory} (MiB) and allocatable {@code nvidia.com/gpu}. Cordoned and NotReady nodes
 * are skipped. Stateless.
 */
public final class NodeReader {
  static final String AMD_GPU = "amd.com/gpu";
  static final String NVIDIA_GPU = "nvidia.com/gpu";
  private static final String DEVICE_ID = "amd.com/gpu.device-id";
  private static final String BETA_DEVICE_ID = "beta.amd.com/gpu.device-id";
  private final GpuCatalog gpus;

  public NodeReader(GpuCatalog gpus) {
    this.gpus = gpus;
  }

  /** The inventory of these nodes. */
  public ClusterInventory read(Collection<Node> nodes) {
    List<NodeGpus> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Node n : nodes) {
      String name = n.getMetadata().getName();
      Optional<NodeGpus> g = gpus(n);
      if (g.isEmpty()) {
        continue;
      }
      if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
        skipped.add(name + ": cordoned");
      } else if (!ready(n)) {
        skipped.add(name + ": not Ready");
      } else {
        out.add(g.get());
      }
    }
    return new ClusterInventory(out, skipped);
  }

  /** True when the node reports no GPU-relevant difference (the Node watch filter). */
  public static boolean sameGpuView(Node a, Node b) {
    return java.util.Objects.equals(gpuLabels(a), gpuLabels(b))
        && java.util.Objects.equals(allocatable(a, AMD_GPU), allocatable(b, AMD_GPU))
        && java.util.Objects.equals(allocatable(a, NVIDIA_GPU), allocatable(b, NVIDIA_GPU))
        && java.util.Objects.equals(
            a.getSpec() == null ? null : a.getSpec().getUnschedulable(),
            b.getSpec() == null ? null : b.getSpec().getUnschedulable())
        && ready(a) == ready(b);
  }

  private static Map<String, String> gpuLabels(Node n) {
    Map<String, String> out = new java.util.TreeMap<>();
    labels(n)
        .forEach(
            (k, v) -> {
              if (k.contains("amd.com/gpu") || k.startsWith("nvidia.com/gpu")) {
                out.put(k, v);
              }
            });
    return out;
  }

  Optional<NodeGpus> gpus(Node n) {
    Map<String, String> labels = labels(n);
    String name = n.getMetadata().getName();
    Integer amdAlloc = allocatable(n, AMD_GPU);
    Optional<String> id = deviceId(labels);
    if (id.isPresent() || amdAlloc != null) {
      String model = id.map(this::amdModel).orElse("AMD-unknown");
      int count = amdAlloc != null ? amdAlloc : countLabel(labels);
      long vram =
          vram(labels.getOrDefault("amd.com/gpu.vram", labels.get("beta.amd.com/gpu.vram")));
      if (vram == 0) {
        vram = gpus.find(model).map(GpuSpec::memoryBytes).orElse(0L);
      }
      return count > 0 ? Optional.of(new NodeGpus(name, model, vram, count)) : Optional.empty();
    }
    Integer nvAlloc = allocatable(n, NVIDIA_GPU);
    String product = labels.get("nvidia.com/gpu.product");
    if (nvAlloc != null && nvAlloc > 0) {
      String model =
          product == null
              ? "NVIDIA-unknown"
              : gpus.find(product.replace('-', ' ')).map(GpuSpec::name).orElse(product);
      long mem = 0;
      String mib = labels.get("nvidia.com/gpu.memory");
      if (mib != null && mib.matches("\\d+")) {
        mem = Long.parseLong(mib) * 1024 * 1024;
      } else {
        mem = gpus.find(model).map(GpuSpec::memoryBytes).orElse(0L);
      }
      return Optional.of(new NodeGpus(name, model, mem, nvAlloc));
    }
    return Optional.empty();
  }

  /** The PCI device id (lower-case hex, no 0x) from the plain, beta or count-encoded labels. */
  static Optional<String> deviceId(Map<String, String> labels) {
    for (String key : List.of(DEVICE_ID, BETA_DEVICE_ID)) {
      String v = labels.get(key);
      if (v != null && !v.isBlank()) {
        return Optional.of(hex(v));
      }
    }
    for (String key : labels.keySet()) {
      for (String prefix : List.of(DEVICE_ID + ".", BETA_DEVICE_ID + ".")) {
        if (key.startsWith(prefix)) {
          return Optional.of(hex(key.substring(prefix.length())));
        }
      }
    }
    return Optional.empty();
  }

  private static int countLabel(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if ((e.getKey().startsWith(DEVICE_ID + ".") || e.getKey().startsWith(BETA_DEVICE_ID + "."))
          && e.getValue().matches("\\d+")) {
        return Integer.parseInt(e.getValue());
      }
    }
    return 0;
  }

  private String amdModel(String hexId) {
    try {
      int id = Integer.parseInt(hexId, 16);
      return gpus.amdModelName(id).orElse("AMD-" + hexId);
    } catch (NumberFormatException e) {
      return "AMD-" + hexId;
    }
  }

  private static String hex(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    return s.startsWith("0x") ? s.substring(2) : s;
  }

  /** "192G"/"192Gi" → GiB; "196608M" → MiB; bare: MiB below 2^30, else bytes; 0 when unreadable. */
  static long vram(String v) {
    if (v == null || v.isBlank()) {
      return 0;
    }
    var m = java.util.regex.Pattern.compile("(\\d+)\\s*([GgMm]i?)?[Bb]?").matcher(v.trim());
    if (!m.matches()) {
      return 0;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1).toUpperCase(Locale.ROOT);
    return switch (unit) {
      case "G" -> n << 30;
      case "M" -> n << 20;
      default -> n >= (1L << 30) ? n : n << 20;
    };
  }

  private static Map<String, String> labels(Node n) {
    Map<String, String> l = n.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  private static Integer allocatable(Node n, String resource) {
    if (n.getStatus() == null || n.getStatus().getAllocatable() == null) {
      return null;
    }
    Quantity q = n.getStatus().getAllocatable().get(resource);
    return q == null ? null : q.getNumericalAmount().intValue();
  }

  private static boolean ready(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return true;
    }
    for (NodeCondition c : n.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return true;
  }
}
