package io.aimengine.core.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which DRM render node belongs to each GPU, as the host exposes it ({@code
 * /dev/dri/by-path/pci-<bus>-render → ../renderD129}), so a container gets only the planned GPUs'
 * nodes. GPUs without a PCI bus id or a by-path link are left out (the container then gets all of
 * {@code /dev/dri}).
 */
public final class RenderNodes {
  private RenderNodes() {}

  /** Device index → render node path ({@code /dev/dri/renderD129}). */
  public static Map<Integer, String> of(List<GpuDevice> gpus, SysfsRoot root) {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (GpuDevice g : gpus) {
      if (g.pciBusId() == null || g.vendor() != GpuVendor.AMD) {
        continue;
      }
      Path link = root.resolve("/dev/dri/by-path/pci-" + g.pciBusId().toLowerCase() + "-render");
      try {
        if (Files.exists(link)) {
          Path node = link.toRealPath();
          if (node.getFileName().toString().startsWith("renderD")) {
            out.put(g.index(), "/dev/dri/" + node.getFileName());
          }
        }
      } catch (IOException e) {
        // unreadable link: this GPU's node stays unknown
      }
    }
    return out;
  }
}
