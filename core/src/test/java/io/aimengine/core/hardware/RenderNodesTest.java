package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderNodesTest {
  @TempDir Path root;

  private static GpuDevice amd(int index, String bus) {
    return new GpuDevice(index, GpuVendor.AMD, "MI300X", "gfx942", 1L << 30, -1, bus, null);
  }

  @Test
  void eachGpuGetsTheRenderNodeItsPciAddressLinksTo() throws Exception {
    Path dri = Files.createDirectories(root.resolve("dev/dri/by-path"));
    Files.createFile(root.resolve("dev/dri/renderD128"));
    Files.createFile(root.resolve("dev/dri/renderD129"));
    Files.createSymbolicLink(dri.resolve("pci-0000:83:00.0-render"), Path.of("../renderD129"));
    Files.createSymbolicLink(dri.resolve("pci-0000:03:00.0-render"), Path.of("../renderD128"));

    var nodes =
        RenderNodes.of(
            List.of(amd(0, "0000:03:00.0"), amd(1, "0000:83:00.0"), amd(2, "0000:a3:00.0")),
            new SysfsRoot(root));

    assertThat(nodes)
        .containsEntry(0, "/dev/dri/renderD128")
        .containsEntry(1, "/dev/dri/renderD129")
        .doesNotContainKey(2);
  }
}
