package io.aimengine.core.hardware;

import static io.aimengine.core.hardware.FakeSysfs.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KfdDetectorTest {
  @TempDir Path dir;

  private Detection detect(FakeSysfs fs) {
    return new KfdDetector(fs.sysfs(), GpuCatalog.builtIn()).detect();
  }

  private static List<GpuDevice> found(Detection d) {
    assertThat(d).isInstanceOf(Detection.Found.class);
    return ((Detection.Found) d).devices();
  }

  @Test
  void readsTheRealMi300xNodeAndSkipsTheCpuNode() {
    FakeSysfs fs =
        new FakeSysfs(dir)
            .copyFixtureNode("kfd-topology-mi300x/nodes/0/properties", 0)
            .copyFixtureNode("kfd-topology-mi300x/nodes/2/properties", 2)
            .file(
                KfdDetector.NODES + "/2/mem_banks/0/properties",
                "heap_type 1\nsize_in_bytes 206141652992\n")
            .kfdDevice()
            .renderNode(128);

    GpuDevice g = found(detect(fs)).get(0);

    assertThat(g.model()).isEqualTo("MI300X");
    assertThat(g.target()).isEqualTo("gfx942");
    assertThat(g.index()).isZero();
    assertThat(g.pciBusId()).as("location_id 18176 = 0x4700").isEqualTo("0000:47:00.0");
    assertThat(g.memoryTotalBytes())
        .as("local_mem_size 0: read mem_banks")
        .isEqualTo(206141652992L);
    assertThat(g.uniqueId()).isEqualTo(String.format("GPU-%016x", 4376936076086227261L));
  }

  @Test
  void realNodeWithoutMemBanksIsSizedFromTheTable() {
    FakeSysfs fs =
        new FakeSysfs(dir)
            .copyFixtureNode("kfd-topology-mi300x/nodes/2/properties", 2)
            .kfdDevice()
            .renderNode(128);

    assertThat(found(detect(fs)).get(0).memoryTotalBytes()).isEqualTo(196592L * 1024 * 1024);
  }

  @Test
  void readsAnEightGpuMi300xNode() {
    List<GpuDevice> gpus = found(detect(new FakeSysfs(dir).mi300xNode(0, 1, 2, 3, 4, 5, 6, 7)));

    assertThat(gpus).hasSize(8).allMatch(g -> g.model().equals("MI300X"));
    assertThat(gpus).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(gpus).extracting(GpuDevice::pciBusId).containsExactly(FakeSysfs.MI300X_BDFS);
    assertThat(gpus.get(0).uniqueId()).isEqualTo("GPU-6ced1647a296545c");
  }

  @Test
  void readsFourMi250xBoardsAsEightSixtyFourGibGcds() {
    FakeSysfs fs = new FakeSysfs(dir).kfdDevice().cpuNode(0, 64).cpuNode(1, 64);
    String[] bdfs = {
      "0000:29:00.0", "0000:2c:00.0", "0000:2f:00.0", "0000:32:00.0",
      "0000:ad:00.0", "0000:b0:00.0", "0000:b3:00.0", "0000:b6:00.0"
    };
    for (int i = 0; i < 8; i++) {
      fs.gpuNode(i + 2, 90010, 0x740c, bdfs[i], 128 + i, 68702699520L, 440, "0")
          .renderNode(128 + i);
    }

    List<GpuDevice> gpus = found(detect(fs));

    assertThat(gpus).hasSize(8);
    assertThat(gpus).allMatch(g -> g.model().equals("MI250X") && g.target().equals("gfx90a"));
    assertThat(gpus).allMatch(g -> g.memoryTotalBytes() == 68702699520L);
    assertThat(gpus).allMatch(g -> g.uniqueId() == null);
  }

  @Test
  void mi250GcdsAreToldFromMi250xByTheirComputeUnits() {
    FakeSysfs fs = new FakeSysfs(dir).kfdDevice();
    fs.gpuNode(1, 90010, 0x740c, "0000:29:00.0", 128, 64 * GIB, 416, "0").renderNode(128);

    assertThat(found(detect(fs)).get(0).model()).isEqualTo("MI250");
  }

  @Test
  void mixedNodeWithCpusAnApuNodeAndGpusCountsOnlyGpuNodes() {
    FakeSysfs fs = new FakeSysfs(dir).kfdDevice().cpuNode(0, 24).cpuNode(1, 24);
    // An APU node: CPU cores and SIMDs in one KFD node.
    fs.file(
        KfdDetector.NODES + "/2/properties",
        "cpu_cores_count 24\nsimd_count 912\nsimd_per_cu 4\ngfx_target_version 90402\nvendor_id 4098\n"
            + "device_id 29856\nlocation_id 256\ndomain 0\ndrm_render_minor 128\nlocal_mem_size 0\n");
    fs.renderNode(128);
    fs.gpuNode(3, 90402, 0x74a1, "0000:05:00.0", 136, 206141652992L, 1216, "7").renderNode(136);

    List<GpuDevice> gpus = found(detect(fs));

    assertThat(gpus).extracting(GpuDevice::model).containsExactly("MI300A", "MI300X");
    assertThat(gpus.get(0).memoryTotalBytes())
        .as("no frame buffer banks: the table")
        .isEqualTo(128L * GIB);
    assertThat(gpus.get(1).index()).isEqualTo(1);
  }

  @Test
  void containerGivenFourOfEightGpusSeesFourRenumberedInNodeOrder() {
    Detection d = detect(new FakeSysfs(dir).mi300xNode(1, 3, 5, 7));

    List<GpuDevice> gpus = found(d);
    assertThat(gpus)
        .extracting(GpuDevice::pciBusId)
        .containsExactly(
            FakeSysfs.MI300X_BDFS[1],
            FakeSysfs.MI300X_BDFS[3],
            FakeSysfs.MI300X_BDFS[5],
            FakeSysfs.MI300X_BDFS[7]);
    assertThat(gpus).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3);
    assertThat(((Detection.Found) d).notes())
        .singleElement()
        .asString()
        .contains("only 4 have their render node");
  }

  @Test
  void nodesAreReadInNumericOrder() {
    FakeSysfs fs = new FakeSysfs(dir).kfdDevice().cpuNode(0, 8);
    for (int n = 1; n <= 10; n++) {
      fs.gpuNode(
              n, 90402, 0x74a1, String.format("0000:%02x:00.0", n), 127 + n, 192 * GIB, 1216, "0")
          .renderNode(127 + n);
    }

    assertThat(found(detect(fs)))
        .extracting(GpuDevice::pciBusId)
        .endsWith("0000:09:00.0", "0000:0a:00.0");
  }

  @Test
  void noTopologyIsNotAvailable() {
    assertThat(detect(new FakeSysfs(dir))).isInstanceOf(Detection.NotAvailable.class);
  }

  @Test
  void cpuOnlyTopologyIsNotAvailable() {
    Detection d = detect(new FakeSysfs(dir).kfdDevice().cpuNode(0, 8));

    assertThat(d)
        .isEqualTo(new Detection.NotAvailable("KFD topology lists no GPU node (CPU nodes only)"));
  }

  @Test
  void missingDevKfdFailsAndSaysWhatTheContainerNeeds() {
    FakeSysfs fs = new FakeSysfs(dir).mi300xNode(0, 1);
    fs.root.resolve("dev/kfd").toFile().delete();

    Detection d = detect(fs);

    assertThat(d).isInstanceOf(Detection.Failed.class);
    assertThat(((Detection.Failed) d).reason())
        .contains("/dev/kfd is missing")
        .contains("--device /dev/kfd");
  }

  @Test
  void noRenderNodeAtAllIsNotAvailable() {
    Detection d = detect(new FakeSysfs(dir).mi300xNode());

    assertThat(d).isInstanceOf(Detection.NotAvailable.class);
    assertThat(((Detection.NotAvailable) d).reason()).contains("none of their render nodes");
  }

  @Test
  void unknownDeviceIdIsReportedWithItsHexIdAndBankMemory() {
    FakeSysfs fs = new FakeSysfs(dir).kfdDevice();
    fs.gpuNode(1, 90402, 0x74ff, "0000:05:00.0", 128, 100 * GIB, 1216, "0").renderNode(128);

    GpuDevice g = found(detect(fs)).get(0);

    assertThat(g.model()).isEqualTo("unknown (0x74ff)");
    assertThat(g.memoryTotalBytes()).isEqualTo(100 * GIB);
    assertThat(g.target()).isEqualTo("gfx942");
  }

  @Test
  void garbledPropertiesDoNotCrash() {
    FakeSysfs fs =
        new FakeSysfs(dir)
            .kfdDevice()
            .file(
                KfdDetector.NODES + "/1/properties",
                "gfx_target_version banana\nsimd_count 12x\n\u0000")
            .file(KfdDetector.NODES + "/2/properties", "simd_count 8\nvendor_id 4318\n");

    assertThat(detect(fs)).isInstanceOf(Detection.Failed.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "90402, gfx942",
    "90010, gfx90a",
    "90500, gfx950",
    "110000, gfx1100",
    "100300, gfx1030",
    "90008, gfx908"
  })
  void decodesGfxTargetVersion(long version, String target) {
    assertThat(ModelIdentifier.gfxTarget(version)).isEqualTo(target);
  }
}
