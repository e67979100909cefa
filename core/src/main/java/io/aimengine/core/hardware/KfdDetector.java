package io.aimengine.core.hardware;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's own view: {@code /sys/class/kfd/kfd/topology/nodes/N/properties}. Needs no tool, so
 * it answers inside a bare container that was given {@code /dev/kfd} and some render nodes.
 *
 * <p>Decoding (see fixtures README): a node is a GPU when {@code gfx_target_version} is non-zero or
 * it has SIMDs (APU nodes have CPU cores too); {@code vendor_id} and {@code device_id} are decimal
 * (4098 = 0x1002, 29857 = 0x74a1); the target is {@link ModelIdentifier#gfxTarget}; memory is
 * {@code local_mem_size} or, when that is 0 (recent drivers), the sum of the frame-buffer heaps in
 * {@code mem_banks/M/properties size_in_bytes}; the PCI bus id comes from {@code domain} and {@code
 * location_id} (bus << 8 | device << 3 | function); {@code unique_id} is the decimal form of the
 * "GPU-…" id. Node directories are read in numeric order (the kernel lists 1, 10, 2 …).
 *
 * <p>Accessibility: ROCm's thunk skips a GPU node whose render node {@code
 * /dev/dri/renderD<drm_render_minor>} it cannot open; that is how a container that was given 4 of 8
 * GPUs sees 4. Such nodes are left out, and the ROCm device index of each remaining GPU is its rank
 * among them in node order: the index HIP_VISIBLE_DEVICES and ROCR_VISIBLE_DEVICES name.
 */
public final class KfdDetector implements GpuDetector {
  static final String NODES = "/sys/class/kfd/kfd/topology/nodes";
  private static final int AMD_VENDOR = 0x1002;

  private final SysfsRoot root;
  private final ModelIdentifier identifier;

  public KfdDetector(SysfsRoot root, GpuCatalog catalog) {
    this.root = root;
    this.identifier = new ModelIdentifier(catalog);
  }

  /**
   * One GPU node.
   *
   * @param node KFD node number
   * @param device the device; its index is the ROCm index when accessible, -1 otherwise
   * @param renderNode "/dev/dri/renderD128", null when the node names none
   * @param accessible whether its render node exists here
   */
  record GpuNode(int node, GpuDevice device, String renderNode, boolean accessible) {}

  /**
   * What the topology shows.
   *
   * @param present the topology directory exists
   * @param kfdDevice {@code /dev/kfd} exists
   * @param gpuNodes GPU nodes in node order, accessible or not
   * @param problems nodes that could not be read, one line each
   */
  record Topology(
      boolean present, boolean kfdDevice, List<GpuNode> gpuNodes, List<String> problems) {
    List<GpuDevice> accessible() {
      return gpuNodes.stream().filter(GpuNode::accessible).map(GpuNode::device).toList();
    }
  }

  @Override
  public String name() {
    return "kfd-sysfs";
  }

  @Override
  public Detection detect() {
    return toDetection(read());
  }

  /** The topology as it is now. */
  Topology read() {
    Path dir = root.resolve(NODES);
    if (!Files.isDirectory(dir)) {
      return new Topology(false, false, List.of(), List.of());
    }
    boolean kfd = root.exists("/dev/kfd");
    Map<Integer, Path> nodes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.matches("\\d+")) {
          nodes.put(Integer.parseInt(n), p);
        }
      }
    } catch (IOException e) {
      problems.add("cannot list " + NODES + ": " + e.getMessage());
    }
    List<GpuNode> gpus = new ArrayList<>();
    int rank = 0;
    for (Map.Entry<Integer, Path> e : nodes.entrySet()) {
      String where = NODES + "/" + e.getKey() + "/properties";
      Map<String, String> props = properties(e.getValue().resolve("properties"));
      if (props == null) {
        problems.add("cannot read " + where);
        continue;
      }
      long gfx = num(props, "gfx_target_version");
      long simds = num(props, "simd_count");
      if (gfx <= 0 && simds <= 0) {
        continue; // a CPU node
      }
      long vendor = num(props, "vendor_id");
      if (vendor > 0 && vendor != AMD_VENDOR) {
        problems.add(where + ": vendor_id " + vendor + " is not AMD; skipped");
        continue;
      }
      long minor = props.containsKey("drm_render_minor") ? num(props, "drm_render_minor") : -1;
      String render = minor > 0 ? "/dev/dri/renderD" + minor : null;
      boolean accessible = kfd && (render == null || root.exists(render));
      GpuDevice d = device(accessible ? rank : -1, props, e.getValue(), gfx, simds);
      if (accessible) {
        rank++;
      }
      gpus.add(new GpuNode(e.getKey(), d, render, accessible));
    }
    return new Topology(true, kfd, gpus, problems);
  }

  static Detection toDetection(Topology t) {
    if (!t.present()) {
      return new Detection.NotAvailable(
          "no KFD topology at /sys/class/kfd/kfd/topology (amdgpu driver not loaded, or /sys not"
              + " mounted)");
    }
    int all = t.gpuNodes().size();
    if (all == 0) {
      return t.problems().isEmpty()
          ? new Detection.NotAvailable("KFD topology lists no GPU node (CPU nodes only)")
          : new Detection.Failed(String.join("; ", t.problems()));
    }
    if (!t.kfdDevice()) {
      return new Detection.Failed(
          "KFD topology lists "
              + all
              + " GPU node(s) but /dev/kfd is missing: ROCm cannot use them here (a container"
              + " needs --device /dev/kfd --device /dev/dri)");
    }
    List<GpuDevice> usable = t.accessible();
    if (usable.isEmpty()) {
      return new Detection.NotAvailable(
          "KFD topology lists "
              + all
              + " GPU node(s) but none of their render nodes (/dev/dri/renderD*) exists here: no GPU"
              + " was passed to this container");
    }
    List<String> notes = new ArrayList<>(t.problems());
    if (usable.size() < all) {
      notes.add(
          "KFD topology lists "
              + all
              + " GPU nodes; only "
              + usable.size()
              + " have their render node here (a container given some of the GPUs): those are the"
              + " usable ones");
    }
    return new Detection.Found(usable, Detection.summary(usable), notes);
  }

  private GpuDevice device(int index, Map<String, String> p, Path nodeDir, long gfx, long simds) {
    Integer deviceId = p.containsKey("device_id") ? (int) num(p, "device_id") : null;
    long simdPerCu = num(p, "simd_per_cu");
    Integer cus = simdPerCu > 0 ? (int) (simds / simdPerCu) : null;
    ModelIdentifier.Identity id =
        identifier.identify(
            GpuVendor.AMD,
            deviceId == null || deviceId == 0 ? null : deviceId,
            null,
            ModelIdentifier.gfxTarget(gfx),
            cus);
    long mem = num(p, "local_mem_size");
    if (mem <= 0) {
      mem = bankMemory(nodeDir);
    }
    if (mem <= 0) {
      mem = id.spec().map(GpuSpec::memoryBytes).orElse(0L);
    }
    long loc = num(p, "location_id");
    String bdf =
        p.containsKey("location_id")
            ? String.format(
                Locale.ROOT,
                "%04x:%02x:%02x.%x",
                num(p, "domain"),
                (loc >> 8) & 0xff,
                (loc >> 3) & 0x1f,
                loc & 0x7)
            : null;
    String unique = null;
    String u = p.get("unique_id");
    if (u != null) {
      try {
        long v = Long.parseUnsignedLong(u);
        unique = v == 0 ? null : String.format(Locale.ROOT, "GPU-%016x", v);
      } catch (NumberFormatException ignored) {
        // leave it unknown
      }
    }
    return new GpuDevice(index, GpuVendor.AMD, id.model(), id.target(), mem, -1, bdf, unique);
  }

  /** Frame-buffer memory of a GPU node: heap types 1 (public) and 2 (private) of its banks. */
  private static long bankMemory(Path nodeDir) {
    Path banks = nodeDir.resolve("mem_banks");
    if (!Files.isDirectory(banks)) {
      return 0;
    }
    long sum = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(banks)) {
      for (Path b : ds) {
        Map<String, String> bp = properties(b.resolve("properties"));
        if (bp == null) {
          continue;
        }
        long heap = bp.containsKey("heap_type") ? num(bp, "heap_type") : 1;
        if (heap == 1 || heap == 2) {
          sum += num(bp, "size_in_bytes");
        }
      }
    } catch (IOException e) {
      return sum;
    }
    return sum;
  }

  /** "key value" lines; null when the file cannot be read. */
  static Map<String, String> properties(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException | SecurityException e) {
      return null;
    }
    Map<String, String> m = new HashMap<>();
    for (String line : lines) {
      String[] kv = line.strip().split("\\s+", 2);
      if (kv.length == 2) {
        m.put(kv[0], kv[1]);
      }
    }
    return m;
  }

  /** A numeric property; 0 when absent or unparseable (KFD's own convention for "none"). */
  private static long num(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      try {
        return Long.parseUnsignedLong(v);
      } catch (NumberFormatException e2) {
        return 0;
      }
    }
  }
}
