package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmdSmiDetectorTest {
  private static final long MIB = 1024L * 1024;
  private final FakeRunner runner = new FakeRunner();
  private final AmdSmiDetector detector =
      new AmdSmiDetector(runner, Duration.ofSeconds(1), GpuCatalog.builtIn());

  private static List<GpuDevice> found(Detection d) {
    assertThat(d).isInstanceOf(Detection.Found.class);
    return ((Detection.Found) d).devices();
  }

  @Test
  void readsMi300xFromTheRealStaticAndMetricCaptures() {
    runner
        .prints(
            AmdSmiDetector.STATIC,
            Fixtures.read(
                "amd-smi_static_--asic_--vram_--driver_--bus_--json_mi300x.SHORTENED.json"))
        .prints(
            AmdSmiDetector.METRIC, Fixtures.read("amd-smi_metric_--mem-usage_--json_mi300x.json"));

    Detection d = detector.detect();

    GpuDevice g = found(d).get(0);
    assertThat(g.model()).isEqualTo("MI300X");
    assertThat(g.vendor()).isEqualTo(GpuVendor.AMD);
    assertThat(g.target()).isEqualTo("gfx942");
    assertThat(g.pciBusId()).isEqualTo("0000:83:00.0");
    assertThat(g.memoryTotalBytes())
        .as("metric total_vram wins over static size")
        .isEqualTo(196288 * MIB);
    assertThat(g.memoryUsedBytes()).isEqualTo(2531 * MIB);
    assertThat(((Detection.Found) d).notes()).anyMatch(n -> n.startsWith("amd-smi list"));
  }

  @Test
  void readsAFullNodeAndTakesUniqueIdsFromTheListUuid() {
    runner
        .prints(
            AmdSmiDetector.STATIC,
            Fixtures.read("derived/amd-smi_static_--asic_--bus_--vram_--json_mi300x_x8.json"))
        .prints(
            AmdSmiDetector.METRIC,
            Fixtures.read("derived/amd-smi_metric_--mem-usage_--json_mi300x_x8.json"))
        .prints(AmdSmiDetector.LIST, Fixtures.read("derived/amd-smi_list_--json_mi300x_x8.json"));

    List<GpuDevice> gpus = found(detector.detect());

    assertThat(gpus).hasSize(8).allMatch(g -> g.model().equals("MI300X"));
    assertThat(gpus).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(gpus.get(0).uniqueId()).isEqualTo("GPU-6ced1647a296545c");
    assertThat(gpus.get(5).pciBusId()).isEqualTo("0000:a6:00.0");
    assertThat(gpus.get(7).memoryUsedBytes()).isEqualTo(283 * MIB);
    assertThat(runner.calls)
        .contains(AmdSmiDetector.STATIC, AmdSmiDetector.LIST, AmdSmiDetector.METRIC);
  }

  @Test
  void readsMi250xGcdsFromTheOlderBareListShapeAsEightSixtyFourGibDevices() {
    runner.prints(
        AmdSmiDetector.STATIC,
        Fixtures.read("derived/amd-smi_static_--json_mi250x_x8_bare-list.json"));

    List<GpuDevice> gpus = found(detector.detect());

    assertThat(gpus)
        .hasSize(8)
        .allMatch(g -> g.model().equals("MI250X") && g.target().equals("gfx90a"));
    assertThat(gpus.get(0).memoryTotalBytes()).isEqualTo(65520 * MIB);
    assertThat(gpus.get(0).memoryUsedBytes()).isEqualTo(-1);
  }

  @Test
  void readsTheMi300aTextFormatWhenNoJsonIsPrinted() {
    runner.prints(AmdSmiDetector.STATIC, Fixtures.read("amd-smi_static_mi300a.txt"));

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo("MI300A");
    assertThat(g.target()).as("from the table: this capture has no target").isEqualTo("gfx942");
    assertThat(g.pciBusId()).isEqualTo("0000:01:00.0");
    assertThat(g.memoryTotalBytes()).isEqualTo(64289 * MIB);
  }

  @Test
  void readsTheMi308xTextFormatAndItsTarget() {
    runner.prints(AmdSmiDetector.STATIC, Fixtures.read("amd-smi_static_--asic_mi308x.txt"));

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo("MI308X");
    assertThat(g.target()).isEqualTo("gfx942");
    assertThat(g.memoryTotalBytes())
        .as("no VRAM section: the table's figure")
        .isEqualTo(196592 * MIB);
  }

  @Test
  void readsTheListTextFormatForBusIdsWhenStaticHasNone() {
    runner
        .prints(AmdSmiDetector.STATIC, Fixtures.read("amd-smi_static_--asic_mi308x.txt"))
        .prints(AmdSmiDetector.LIST, Fixtures.read("amd-smi_list_mi300-series.txt"));

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.pciBusId()).isEqualTo("0000:23:00.0");
    assertThat(g.uniqueId())
        .as("<redacted> is kept as the tool printed it")
        .isEqualTo("<redacted>");
  }

  @Test
  void hipIdFromTheListIsTheDeviceIndex() {
    runner
        .prints(
            AmdSmiDetector.STATIC,
            "[{\"gpu\": 0, \"asic\": {\"device_id\": \"0x74a1\"}, \"bus\": {\"bdf\": \"0000:83:00.0\"}}]")
        .prints(
            AmdSmiDetector.LIST,
            "[{\"gpu\": 0, \"bdf\": \"0000:83:00.0\", \"uuid\": \"deff740f-0000-1000-8082-87300da37c72\","
                + " \"hip_id\": 3, \"hip_uuid\": \"GPU-de8287300da37c72\"}]");

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.index()).isEqualTo(3);
    assertThat(g.uniqueId()).isEqualTo("GPU-de8287300da37c72");
  }

  @Test
  void derivesTheHipUuidFromAmdSmisUuidLayout() {
    assertThat(AmdSmiDetector.hipUuid("deff740f-0000-1000-8082-87300da37c72"))
        .isEqualTo("GPU-de8287300da37c72");
    assertThat(AmdSmiDetector.hipUuid("00ff1586-0000-1000-8000-000000000000"))
        .as("an APU without unique id")
        .isNull();
    assertThat(AmdSmiDetector.hipUuid("something-else")).isEqualTo("something-else");
  }

  @Test
  void unknownPciIdIsReportedAndSizedFromItsVram() {
    runner.prints(
        AmdSmiDetector.STATIC,
        "{\"gpu_data\": [{\"gpu\": 0, \"asic\": {\"market_name\": \"N/A\", \"device_id\": \"0x74ff\","
            + " \"target_graphics_version\": \"gfx942\"}, \"vram\": {\"size\": {\"value\": 131072,"
            + " \"unit\": \"MB\"}}}]}");

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo("unknown (0x74ff)");
    assertThat(g.memoryTotalBytes()).isEqualTo(131072 * MIB);
  }

  @Test
  void cloudVirtualFunctionIdIsAnMi300x() {
    runner.prints(
        AmdSmiDetector.STATIC,
        "[{\"gpu\": 0, \"asic\": {\"market_name\": \"AMD Instinct MI300X VF\", \"device_id\": \"0x74b5\"}}]");

    assertThat(found(detector.detect()).get(0).model()).isEqualTo("MI300X");
  }

  @Test
  void acceptsWarningLinesAndOneObjectPerGpuPrintedInSequence() {
    runner.prints(
        AmdSmiDetector.STATIC,
        "WARNING: User is missing the following required groups: render, video.\n"
            + "{\"gpu\": 0, \"asic\": {\"device_id\": \"0x74a5\"}}\n"
            + "{\"gpu\": 1, \"asic\": {\"device_id\": \"0x74a5\"}}\n");

    assertThat(found(detector.detect()))
        .extracting(GpuDevice::model)
        .containsExactly("MI325X", "MI325X");
  }

  @Test
  void emptyListMeansNotAvailable() {
    runner.prints(AmdSmiDetector.STATIC, "[]");

    assertThat(detector.detect()).isEqualTo(new Detection.NotAvailable("amd-smi lists no GPU"));
  }

  @Test
  void missingToolIsNotAvailable() {
    assertThat(detector.detect()).isInstanceOf(Detection.NotAvailable.class);
  }

  @Test
  void nonZeroExitWithStderrNoiseFailsWithTheFirstErrorLine() {
    runner.prints(
        AmdSmiDetector.STATIC,
        1,
        "",
        "\nERROR:root:Unable to detect any GPU devices, check amdgpu version and module status\n"
            + "Traceback (most recent call last):\n");

    Detection d = detector.detect();

    assertThat(d).isInstanceOf(Detection.Failed.class);
    assertThat(((Detection.Failed) d).reason())
        .contains("exit status 1")
        .contains("Unable to detect any GPU devices");
  }

  @Test
  void garbageOutputFails() {
    runner.prints(AmdSmiDetector.STATIC, "Segmentation fault (core dumped)\n\u0000\u0001");

    assertThat(detector.detect()).isInstanceOf(Detection.Failed.class);
  }

  @Test
  void truncatedJsonFails() {
    runner.prints(AmdSmiDetector.STATIC, "{\"gpu_data\": [{\"gpu\": 0, \"asic\": {\"market_na");

    assertThat(detector.detect()).isInstanceOf(Detection.Failed.class);
  }

  @Test
  void hungStaticCallFailsWithTheTimeout() {
    runner.answer(
        AmdSmiDetector.STATIC, new CommandRunner.Result.TimedOut(Duration.ofSeconds(1), ""));

    Detection d = detector.detect();

    assertThat(d).isInstanceOf(Detection.Failed.class);
    assertThat(((Detection.Failed) d).reason()).contains("did not answer within 1000 ms");
  }

  @Test
  void brokenMetricCallKeepsTheDevicesWithUsageUnknownAndSaysWhy() {
    runner
        .prints(
            AmdSmiDetector.STATIC,
            Fixtures.read("derived/amd-smi_static_--asic_--bus_--vram_--json_mi300x_x8.json"))
        .prints(AmdSmiDetector.METRIC, 2, "not json", "AMDSMI_STATUS_NOT_SUPPORTED");

    Detection.Found f = (Detection.Found) detector.detect();

    assertThat(f.devices()).hasSize(8).allMatch(g -> g.memoryUsedBytes() == -1);
    assertThat(f.devices().get(0).memoryTotalBytes()).isEqualTo(196592 * MIB);
    assertThat(f.notes())
        .anyMatch(n -> n.startsWith("amd-smi metric") && n.contains("AMDSMI_STATUS_NOT_SUPPORTED"));
  }
}
