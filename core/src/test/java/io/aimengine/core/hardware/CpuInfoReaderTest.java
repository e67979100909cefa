package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoReaderTest {
  @TempDir Path dir;

  @Test
  void readsModelCoresAndMemory() {
    FakeSysfs fs =
        new FakeSysfs(dir)
            .file(
                "/proc/cpuinfo",
                "processor\t: 0\nmodel name\t: AMD EPYC 9654 96-Core Processor\n\nprocessor\t: 1\n")
            .file("/proc/meminfo", "MemTotal:       2377183660 kB\n");

    CpuInfo cpu = CpuInfoReader.read(fs.sysfs());

    assertThat(cpu.model()).isEqualTo("AMD EPYC 9654 96-Core Processor");
    assertThat(cpu.cores()).isBetween(1, 2);
    assertThat(cpu.memoryBytes()).isEqualTo(2377183660L * 1024);
  }

  @Test
  void containerMemoryLimitCapsTheHostsMemory() {
    FakeSysfs fs =
        new FakeSysfs(dir)
            .file("/proc/meminfo", "MemTotal:       2377183660 kB\n")
            .file("/sys/fs/cgroup/memory.max", "68719476736\n");

    assertThat(CpuInfoReader.read(fs.sysfs()).memoryBytes()).isEqualTo(68719476736L);
  }

  @Test
  void unlimitedCgroupKeepsTheHostsMemory() {
    FakeSysfs fs =
        new FakeSysfs(dir)
            .file("/proc/meminfo", "MemTotal:       1000 kB\n")
            .file("/sys/fs/cgroup/memory.max", "max\n");

    assertThat(CpuInfoReader.read(fs.sysfs()).memoryBytes()).isEqualTo(1024000L);
  }

  @Test
  void nothingReadableFallsBackToWhatTheJvmKnows() {
    CpuInfo cpu = CpuInfoReader.read(new SysfsRoot(dir));

    assertThat(cpu.model()).isEqualTo("unknown");
    assertThat(cpu.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(cpu.memoryBytes()).isZero();
  }
}
