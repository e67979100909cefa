package io.aimengine.core.hardware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a fake {@code /sys/class/kfd} topology (and {@code /dev/kfd}, {@code /dev/dri/renderD*},
 * {@code /proc}) under a temporary root, in the format the kernel writes (see the KFD fixture).
 */
final class FakeSysfs {
  static final long GIB = 1024L * 1024 * 1024;
  final Path root;

  FakeSysfs(Path root) {
    this.root = root;
  }

  SysfsRoot sysfs() {
    return new SysfsRoot(root);
  }

  FakeSysfs kfdDevice() {
    return file("dev/kfd", "");
  }

  FakeSysfs renderNode(int minor) {
    return file("dev/dri/renderD" + minor, "");
  }

  FakeSysfs cpuNode(int node, int cores) {
    return file(
        KfdDetector.NODES + "/" + node + "/properties",
        "cpu_cores_count "
            + cores
            + "\nsimd_count 0\nmem_banks_count 1\ngfx_target_version 0\nvendor_id 0\ndevice_id 0\n"
            + "location_id 0\ndomain 0\ndrm_render_minor 0\n");
  }

  /** A GPU node like the MI300X fixture's node 2, with its memory in mem_banks/0. */
  FakeSysfs gpuNode(
      int node,
      long gfxTargetVersion,
      int deviceId,
      String bdf,
      int renderMinor,
      long vramBytes,
      int simds,
      String uniqueIdDecimal) {
    String[] parts = bdf.split("[:.]");
    int bus = Integer.parseInt(parts[1], 16);
    int dev = Integer.parseInt(parts[2], 16);
    int fn = Integer.parseInt(parts[3]);
    int location = bus << 8 | dev << 3 | fn;
    file(
        KfdDetector.NODES + "/" + node + "/properties",
        "cpu_cores_count 0\nsimd_count "
            + simds
            + "\nmem_banks_count 1\nsimd_per_cu 4\ngfx_target_version "
            + gfxTargetVersion
            + "\nvendor_id 4098\ndevice_id "
            + deviceId
            + "\nlocation_id "
            + location
            + "\ndomain "
            + Integer.parseInt(parts[0], 16)
            + "\ndrm_render_minor "
            + renderMinor
            + "\nlocal_mem_size 0\nunique_id "
            + uniqueIdDecimal
            + "\n");
    return file(
        KfdDetector.NODES + "/" + node + "/mem_banks/0/properties",
        "heap_type 1\nsize_in_bytes " + vramBytes + "\nflags 0\nwidth 8192\nmem_clk_max 1300\n");
  }

  /**
   * An 8 x MI300X node as the derived amd-smi fixtures describe it: CPU node 0, GPU nodes 1..8 in
   * bus order, render nodes 128 + 8 * i; only the render nodes in {@code present} exist.
   */
  static final String[] MI300X_BDFS = {
    "0000:05:00.0", "0000:26:00.0", "0000:46:00.0", "0000:65:00.0",
    "0000:85:00.0", "0000:a6:00.0", "0000:c6:00.0", "0000:e5:00.0"
  };

  static final String[] MI300X_UNIQUE_HEX = {
    "6ced1647a296545c", "0cee36ddc4255115", "cfb3160d6c053160", "a1b2c3d4e5f60718",
    "1a2b3c4d5e6f7081", "2b3c4d5e6f708192", "3c4d5e6f708192a3", "4d5e6f708192a3b4"
  };

  FakeSysfs mi300xNode(int... present) {
    kfdDevice();
    cpuNode(0, 96);
    for (int i = 0; i < 8; i++) {
      gpuNode(
          i + 1,
          90402,
          0x74a1,
          MI300X_BDFS[i],
          128 + 8 * i,
          206141652992L,
          1216,
          Long.toUnsignedString(Long.parseUnsignedLong(MI300X_UNIQUE_HEX[i], 16)));
    }
    for (int i : present) {
      renderNode(128 + 8 * i);
    }
    return this;
  }

  FakeSysfs file(String absolute, String content) {
    Path p = root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  FakeSysfs copyFixtureNode(String fixture, int node) {
    return file(KfdDetector.NODES + "/" + node + "/properties", Fixtures.read(fixture));
  }
}
