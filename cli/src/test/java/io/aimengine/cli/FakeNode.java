package io.aimengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fake machine for CLI tests: a root with a KFD topology of 8 MI300X (the bus ids and unique ids
 * of the derived amd-smi fixtures), /dev/kfd, chosen render nodes, /proc; and a bin directory of
 * fake tools that print fixture files.
 */
final class FakeNode {
  static final String[] BDFS = {
    "0000:05:00.0", "0000:26:00.0", "0000:46:00.0", "0000:65:00.0",
    "0000:85:00.0", "0000:a6:00.0", "0000:c6:00.0", "0000:e5:00.0"
  };
  static final String[] UNIQUE = {
    "6ced1647a296545c", "0cee36ddc4255115", "cfb3160d6c053160", "a1b2c3d4e5f60718",
    "1a2b3c4d5e6f7081", "2b3c4d5e6f708192", "3c4d5e6f708192a3", "4d5e6f708192a3b4"
  };
  private static final String NODES = "sys/class/kfd/kfd/topology/nodes/";

  final Path root;
  final Path bin;

  FakeNode(Path dir) {
    this.root = dir.resolve("root");
    this.bin = dir.resolve("bin");
    write(
        root.resolve("proc/cpuinfo"),
        "processor\t: 0\nmodel name\t: AMD EPYC 9654 96-Core Processor\n");
    write(root.resolve("proc/meminfo"), "MemTotal:       2377183660 kB\n");
  }

  /** 8 MI300X in the topology; only the GPUs listed get a render node (a container's view). */
  FakeNode mi300x(int... present) {
    write(root.resolve("dev/kfd"), "");
    write(
        root.resolve(NODES + "0/properties"),
        "cpu_cores_count 96\nsimd_count 0\ngfx_target_version 0\n");
    for (int i = 0; i < 8; i++) {
      String[] p = BDFS[i].split("[:.]");
      int location = Integer.parseInt(p[1], 16) << 8;
      write(
          root.resolve(NODES + (i + 1) + "/properties"),
          "cpu_cores_count 0\nsimd_count 1216\nsimd_per_cu 4\ngfx_target_version 90402\nvendor_id 4098\n"
              + "device_id 29857\nlocation_id "
              + location
              + "\ndomain 0\ndrm_render_minor "
              + (128 + 8 * i)
              + "\nlocal_mem_size 0\nunique_id "
              + Long.toUnsignedString(Long.parseUnsignedLong(UNIQUE[i], 16))
              + "\n");
      write(
          root.resolve(NODES + (i + 1) + "/mem_banks/0/properties"),
          "heap_type 1\nsize_in_bytes 206141652992\n");
    }
    for (int i : present) {
      write(root.resolve("dev/dri/renderD" + (128 + 8 * i)), "");
    }
    return this;
  }

  /** A fake tool: a shell script running {@code body}. */
  FakeNode tool(String name, String body) {
    Path p = bin.resolve(name);
    write(p, "#!/bin/sh\n" + body + "\n");
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Copies a fixture next to the tools and returns its path, for {@code cat}. */
  Path fixture(String name) {
    Path p = bin.resolve("fixtures").resolve(name.substring(name.lastIndexOf('/') + 1));
    try (var in = FakeNode.class.getResourceAsStream("/fixtures/tool-outputs/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Files.createDirectories(p.getParent());
      Files.write(p, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Fake amd-smi printing the 8 x MI300X fixtures, per subcommand. */
  FakeNode amdSmi() {
    return tool(
        "amd-smi",
        "case \"$1\" in\n"
            + "  static) cat '"
            + fixture("derived/amd-smi_static_--asic_--bus_--vram_--json_mi300x_x8.json")
            + "';;\n"
            + "  list) cat '"
            + fixture("derived/amd-smi_list_--json_mi300x_x8.json")
            + "';;\n"
            + "  metric) cat '"
            + fixture("derived/amd-smi_metric_--mem-usage_--json_mi300x_x8.json")
            + "';;\n"
            + "  *) echo \"amd-smi: unknown command $1\" >&2; exit 2;;\n"
            + "esac");
  }

  FakeNode rocmSmi() {
    return tool("rocm-smi", "cat '" + fixture("derived/rocm-smi_--json_mi300x_x8.json") + "'");
  }

  FakeNode nvidiaSmi() {
    return tool("nvidia-smi", "cat '" + fixture("derived/nvidia-smi_--query-gpu_h100x8.csv") + "'");
  }

  /** Tools that exist but fail as they do on a host without the vendor's driver. */
  FakeNode brokenTools() {
    tool(
        "amd-smi",
        "echo 'ERROR:root:Unable to detect any GPU devices, check amdgpu version and module status' >&2; exit 1");
    tool(
        "rocm-smi",
        "echo 'ERROR:root:Driver not initialized (amdgpu not found in modules)' >&2; exit 1");
    return tool(
        "nvidia-smi",
        "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9");
  }

  private static void write(Path p, String s) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
