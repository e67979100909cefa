package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RocmSmiDetectorTest {
  private final FakeRunner runner = new FakeRunner();
  private final RocmSmiDetector detector =
      new RocmSmiDetector(runner, Duration.ofSeconds(1), GpuCatalog.builtIn());

  private static List<GpuDevice> found(Detection d) {
    assertThat(d).isInstanceOf(Detection.Found.class);
    return ((Detection.Found) d).devices();
  }

  /** The product-name and meminfo captures merged, as one call with both flags prints them. */
  private static String mergedCapture() {
    String product = Fixtures.read("rocm-smi_--showproductname_--json_mi300x.DERIVED.json").strip();
    String mem = Fixtures.read("rocm-smi_--showmeminfo_vram_--json_mi300x.json").strip();
    String productFields =
        product.substring(product.indexOf("{", 1) + 1, product.lastIndexOf("}}"));
    String memFields = mem.substring(mem.indexOf("{", 1) + 1, mem.lastIndexOf("}}"));
    return "{\"card0\": {" + productFields + ", " + memFields + "}}";
  }

  @Test
  void readsMi300xFromTheCapturedKeys() {
    runner.prints(RocmSmiDetector.jsonCommand(), mergedCapture());

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo("MI300X");
    assertThat(g.target()).isEqualTo("gfx942");
    assertThat(g.pciBusId()).isEqualTo("0000:05:00.0");
    assertThat(g.uniqueId()).isEqualTo("GPU-6ced1647a296545c");
    assertThat(g.memoryTotalBytes()).isEqualTo(205822885888L);
    assertThat(g.memoryUsedBytes()).isEqualTo(2654650368L);
  }

  @Test
  void readsMemoryFromTheRealMeminfoCaptureAlone() {
    runner.prints(
        RocmSmiDetector.jsonCommand(),
        Fixtures.read("rocm-smi_--json_temp-power-use-vram_mi300x.json"));

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).as("no product fields: nothing to name it by").isEqualTo("unknown");
    assertThat(g.memoryTotalBytes()).isEqualTo(205822885888L);
    assertThat(g.memoryUsedBytes()).isEqualTo(299687936L);
  }

  @Test
  void readsAFullNodeSkippingWarningLinesAndTheSystemEntry() {
    runner.prints(
        RocmSmiDetector.jsonCommand(), Fixtures.read("derived/rocm-smi_--json_mi300x_x8.json"));

    List<GpuDevice> gpus = found(detector.detect());

    assertThat(gpus).hasSize(8).allMatch(g -> g.model().equals("MI300X"));
    assertThat(gpus.get(5).pciBusId()).as("upper-case bus id normalised").isEqualTo("0000:a6:00.0");
    assertThat(gpus).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void ordersCardsByNumberNotByText() {
    runner.prints(
        RocmSmiDetector.jsonCommand(),
        "{\"card10\": {\"PCI Bus\": \"0000:0c:00.0\"}, \"card2\": {\"PCI Bus\": \"0000:0b:00.0\"},"
            + " \"card0\": {\"PCI Bus\": \"0000:0a:00.0\"}}");

    assertThat(found(detector.detect()))
        .extracting(GpuDevice::index, GpuDevice::pciBusId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, "0000:0a:00.0"),
            org.assertj.core.groups.Tuple.tuple(2, "0000:0b:00.0"),
            org.assertj.core.groups.Tuple.tuple(10, "0000:0c:00.0"));
  }

  @Test
  void acceptsOlderLowerCaseKeysAndDoesNotTrustASubsystemCardModel() {
    // Captured on an MI210 by a public project: "Card model" is the subsystem id there.
    runner.prints(
        RocmSmiDetector.jsonCommand(),
        "{\"card0\": {\"PCI Bus\": \"0000:E7:00.0\", \"VRAM Total Memory (B)\": \"68702699520\","
            + " \"VRAM Total Used Memory (B)\": \"10960896\", \"Card series\": \"Instinct MI210\","
            + " \"Card model\": \"0x0c34\", \"Card vendor\": \"Advanced Micro Devices, Inc. [AMD/ATI]\","
            + " \"Card SKU\": \"D67301\"}}");

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo("MI210");
    assertThat(g.pciBusId()).isEqualTo("0000:e7:00.0");
  }

  @Test
  void fallsBackToTheTextOutputWhenJsonIsMissing() {
    runner
        .prints(
            RocmSmiDetector.jsonCommand(), 2, "", "rocm-smi: error: unrecognized arguments: --json")
        .prints(
            RocmSmiDetector.textCommand(),
            Fixtures.read("rocm-smi_--showproductname_mi300x.txt")
                + "GPU[0]\t\t: VRAM Total Memory (B): 205822885888\n"
                + "GPU[0]\t\t: VRAM Total Used Memory (B): 2654650368\n");

    Detection.Found f = (Detection.Found) detector.detect();

    GpuDevice g = f.devices().get(0);
    assertThat(g.model()).isEqualTo("MI300X");
    assertThat(g.uniqueId()).isEqualTo("GPU-6ced1647a296545c");
    assertThat(g.memoryTotalBytes()).isEqualTo(205822885888L);
    assertThat(f.notes()).anyMatch(n -> n.contains("text output"));
  }

  @Test
  void readsTextPrintedInsteadOfJsonWithoutASecondCall() {
    runner.prints(
        RocmSmiDetector.jsonCommand(), Fixtures.read("rocm-smi_--showproductname_mi300x.txt"));

    assertThat(found(detector.detect()).get(0).model()).isEqualTo("MI300X");
    assertThat(runner.ran(RocmSmiDetector.textCommand())).isFalse();
  }

  @Test
  void garbageFromBothCallsFails() {
    runner
        .prints(RocmSmiDetector.jsonCommand(), "????")
        .prints(RocmSmiDetector.textCommand(), "!!!!");

    assertThat(detector.detect()).isInstanceOf(Detection.Failed.class);
  }

  @Test
  void emptyJsonMeansNoGpu() {
    runner.prints(RocmSmiDetector.jsonCommand(), "{}");

    assertThat(detector.detect()).isInstanceOf(Detection.NotAvailable.class);
  }

  @Test
  void driverNotLoadedFailsWithItsMessage() {
    runner.prints(
        RocmSmiDetector.jsonCommand(),
        1,
        "",
        "ERROR:root:Driver not initialized (amdgpu not found in modules)");
    runner.prints(RocmSmiDetector.textCommand(), 1, "", "ERROR:root:Driver not initialized");

    Detection d = detector.detect();

    assertThat(d).isInstanceOf(Detection.Failed.class);
    assertThat(((Detection.Failed) d).reason()).contains("Driver not initialized");
  }
}
