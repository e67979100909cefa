package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvidiaSmiDetectorTest {
  private static final long MIB = 1024L * 1024;
  private static final List<String> QUERY = NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS);
  private final FakeRunner runner = new FakeRunner();
  private final NvidiaSmiDetector detector =
      new NvidiaSmiDetector(runner, Duration.ofSeconds(1), GpuCatalog.builtIn());

  private static List<GpuDevice> found(Detection d) {
    assertThat(d).isInstanceOf(Detection.Found.class);
    return ((Detection.Found) d).devices();
  }

  @Test
  void queriesTheDocumentedFields() {
    assertThat(QUERY)
        .containsExactly(
            "nvidia-smi",
            "--query-gpu=index,name,uuid,pci.bus_id,pci.device_id,memory.total,memory.used,compute_cap",
            "--format=csv,noheader,nounits");
  }

  @Test
  void readsAnEightH100Node() {
    runner.prints(QUERY, Fixtures.read("derived/nvidia-smi_--query-gpu_h100x8.csv"));

    List<GpuDevice> gpus = found(detector.detect());

    assertThat(gpus)
        .hasSize(8)
        .allMatch(g -> g.model().equals("H100") && g.target().equals("sm_90"));
    GpuDevice g = gpus.get(0);
    assertThat(g.vendor()).isEqualTo(GpuVendor.NVIDIA);
    assertThat(g.uniqueId()).isEqualTo("GPU-f75045e8-4d87-49d1-2eb9-39ec2baddf9b");
    assertThat(g.pciBusId()).as("8-digit domain normalised").isEqualTo("0000:18:00.0");
    assertThat(g.memoryTotalBytes()).isEqualTo(81559 * MIB);
    assertThat(g.memoryUsedBytes()).isEqualTo(1234 * MIB);
  }

  /** Every name and memory.total in the real-capture table (fixture csv) is read right. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "NVIDIA H100 80GB HBM3, 81559, H100",
    "NVIDIA H100 NVL, 95830, H100-NVL",
    "NVIDIA H200, 143771, H200",
    "NVIDIA B200, 183359, B200",
    "NVIDIA A100-SXM4-80GB, 81920, A100-80GB",
    "NVIDIA L40S, 46068, L40S",
    "NVIDIA GH200 480GB, 97871, unknown (NVIDIA GH200 480GB)",
    "NVIDIA GH200 144G HBM3e, 146831, unknown (NVIDIA GH200 144G HBM3e)"
  })
  void namesEveryCapturedModel(String name, long mib, String model) {
    assertThat(Fixtures.read("nvidia-smi_memory.total_by_model.csv")).contains(name + "," + mib);
    runner.prints(
        QUERY, "0, " + name + ", GPU-1, 00000000:18:00.0, [N/A], " + mib + ", 0, [N/A]\n");

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo(model);
    assertThat(g.memoryTotalBytes()).isEqualTo(mib * MIB);
  }

  @Test
  void oldDriverWithoutComputeCapIsAskedAgainWithoutIt() {
    runner.prints(QUERY, 2, "", "Field \"compute_cap\" is not a valid field to query.\n");
    List<String> older = NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS.subList(0, 7));
    runner.prints(
        older, "0, NVIDIA A100-SXM4-80GB, GPU-x, 00000000:07:00.0, 0x20B210DE, 81920, 5\n");

    Detection.Found f = (Detection.Found) detector.detect();

    assertThat(f.devices().get(0).model()).isEqualTo("A100-80GB");
    assertThat(f.devices().get(0).target()).as("from the table").isEqualTo("sm_80");
    assertThat(f.notes()).anyMatch(n -> n.contains("compute_cap"));
  }

  @Test
  void unknownGpuKeepsItsPciIdAndReportedMemory() {
    runner.prints(
        QUERY,
        "0, NVIDIA GeForce RTX 4090, GPU-y, 00000000:01:00.0, 0x268410DE, 24564, 300, 8.9\n");

    GpuDevice g = found(detector.detect()).get(0);

    assertThat(g.model()).isEqualTo("unknown (0x2684)");
    assertThat(g.memoryTotalBytes()).isEqualTo(24564 * MIB);
    assertThat(g.target()).isEqualTo("sm_89");
  }

  @Test
  void notApplicableMemoryUseIsUnknownNotZero() {
    runner.prints(QUERY, Fixtures.read("derived/nvidia-smi_--query-gpu_a100x2.csv"));

    List<GpuDevice> gpus = found(detector.detect());

    assertThat(gpus.get(0).memoryUsedBytes()).isEqualTo(-1);
    assertThat(gpus.get(1).memoryUsedBytes()).isZero();
  }

  @Test
  void driverNotLoadedFails() {
    runner.prints(
        QUERY,
        9,
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that"
            + " the latest NVIDIA driver is installed and running.\n",
        "");

    Detection d = detector.detect();

    assertThat(d).isInstanceOf(Detection.Failed.class);
    assertThat(((Detection.Failed) d).reason())
        .contains("exit status 9")
        .contains("couldn't communicate");
  }

  @Test
  void noDevicesIsNotAvailable() {
    runner.prints(QUERY, 6, "No devices were found\n", "");

    assertThat(detector.detect()).isEqualTo(new Detection.NotAvailable("nvidia-smi found no GPU"));
  }

  @Test
  void unexpectedColumnsFail() {
    runner.prints(QUERY, Fixtures.read("nvidia-smi_query-gpu_csv_noheader_nounits.ASSEMBLED.txt"));

    assertThat(detector.detect()).isInstanceOf(Detection.Failed.class);
  }

  @Test
  void readsGpusAndMigInstancesFromTheListOutput() {
    assertThat(NvidiaSmiDetector.parseList(Fixtures.read("nvidia-smi_-L_h100x8.txt"))).isEmpty();

    List<NvidiaSmiDetector.MigSlice> slices =
        NvidiaSmiDetector.parseList(Fixtures.read("derived/nvidia-smi_-L_a100_mig.txt"));

    assertThat(slices).hasSize(2);
    assertThat(slices.get(0))
        .isEqualTo(
            new NvidiaSmiDetector.MigSlice(
                0, "3g.40gb", "MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f", 40_000_000_000L));
  }
}
