package io.aimengine.core.hardware;

import java.util.Optional;

/**
 * The host CPU from {@code /proc/cpuinfo} and {@code /proc/meminfo} under a {@link SysfsRoot}:
 * model name, logical cores (capped by what the JVM may use, which honours container CPU limits),
 * and MemTotal, capped by a cgroup v2 {@code memory.max} when a container is limited. Falls back to
 * {@link CpuInfo#minimal()} figures for whatever cannot be read.
 */
final class CpuInfoReader {
  private CpuInfoReader() {}

  static CpuInfo read(SysfsRoot root) {
    String model = "unknown";
    int processors = 0;
    Optional<String> cpuinfo = root.read("/proc/cpuinfo");
    if (cpuinfo.isPresent()) {
      for (String line : (Iterable<String>) cpuinfo.get().lines()::iterator) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (key.equals("processor")) {
          processors++;
        } else if (model.equals("unknown")
            && (key.equals("model name") || key.equals("Model") || key.equals("cpu model"))
            && !value.isEmpty()) {
          model = value;
        }
      }
    }
    int jvm = Runtime.getRuntime().availableProcessors();
    int cores = processors > 0 ? Math.min(processors, jvm) : jvm;
    long mem = 0;
    Optional<String> meminfo = root.read("/proc/meminfo");
    if (meminfo.isPresent()) {
      for (String line : (Iterable<String>) meminfo.get().lines()::iterator) {
        if (line.startsWith("MemTotal:")) {
          String[] parts = line.substring(9).strip().split("\\s+");
          try {
            mem = Long.parseLong(parts[0]) * (parts.length > 1 && parts[1].equals("kB") ? 1024 : 1);
          } catch (NumberFormatException ignored) {
            // leave unknown
          }
        }
      }
    }
    Optional<String> limit = root.read("/sys/fs/cgroup/memory.max").map(String::strip);
    if (limit.isPresent() && limit.get().matches("\\d+")) {
      long l = Long.parseLong(limit.get());
      mem = mem == 0 ? l : Math.min(mem, l);
    }
    return new CpuInfo(model, cores, mem);
  }
}
