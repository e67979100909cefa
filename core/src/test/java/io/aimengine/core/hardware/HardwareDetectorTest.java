package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.DetectorReport.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareDetectorTest {
  @TempDir Path dir;
  private final FakeRunner runner = new FakeRunner();

  private FakeSysfs sysfs() {
    return new FakeSysfs(dir)
        .file(
            "/proc/cpuinfo",
            "processor\t: 0\nmodel name\t: AMD EPYC 9654 96-Core Processor\nprocessor\t: 1\n")
        .file("/proc/meminfo", "MemTotal:       2377183660 kB\nMemFree:        1000 kB\n");
  }

  private Inventory detect(FakeSysfs fs, String... env) {
    return detect(fs, Optional.empty(), env);
  }

  private Inventory detect(FakeSysfs fs, Optional<GpuOverride> flags, String... env) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < env.length; i += 2) {
      m.put(env[i], env[i + 1]);
    }
    return new HardwareDetector(runner, fs.sysfs(), GpuCatalog.builtIn(), Duration.ofSeconds(1))
        .detect(new Settings(m, dir), flags);
  }

  private void amdSmiPrintsAnMi300xNode() {
    runner
        .prints(
            AmdSmiDetector.STATIC,
            Fixtures.read("derived/amd-smi_static_--asic_--bus_--vram_--json_mi300x_x8.json"))
        .prints(
            AmdSmiDetector.METRIC,
            Fixtures.read("derived/amd-smi_metric_--mem-usage_--json_mi300x_x8.json"))
        .prints(AmdSmiDetector.LIST, Fixtures.read("derived/amd-smi_list_--json_mi300x_x8.json"));
  }

  private static Outcome outcome(Inventory inv, String detector) {
    return inv.reports().stream()
        .filter(r -> r.detector().equals(detector))
        .findFirst()
        .orElseThrow()
        .outcome();
  }

  @Test
  void bareMetalMi300xNodeIsAnsweredByAmdSmiAndAgreesWithKfd() {
    amdSmiPrintsAnMi300xNode();

    Inventory inv = detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7));

    assertThat(inv.source()).isEqualTo("amd-smi");
    assertThat(inv.gpus()).hasSize(8).allMatch(g -> g.model().equals("MI300X"));
    assertThat(inv.gpus().get(0).memoryUsedBytes()).isEqualTo(2531L << 20);
    assertThat(inv.notes()).isEmpty();
    assertThat(inv.reports())
        .extracting(DetectorReport::detector, DetectorReport::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("override", Outcome.NOT_AVAILABLE),
            org.assertj.core.groups.Tuple.tuple("amd-smi", Outcome.FOUND),
            org.assertj.core.groups.Tuple.tuple("rocm-smi", Outcome.NOT_TRIED),
            org.assertj.core.groups.Tuple.tuple("kfd-sysfs", Outcome.FOUND),
            org.assertj.core.groups.Tuple.tuple("nvidia-smi", Outcome.NOT_AVAILABLE));
    assertThat(inv.cpu().model()).isEqualTo("AMD EPYC 9654 96-Core Processor");
    assertThat(inv.cpu().memoryBytes()).isEqualTo(2377183660L * 1024);
    assertThat(runner.ran(RocmSmiDetector.jsonCommand())).isFalse();
  }

  @Test
  void containerGivenFourOfEightGpusReportsTheVisibleFourInRocmOrderAndSaysSo() {
    amdSmiPrintsAnMi300xNode();

    Inventory inv = detect(sysfs().mi300xNode(4, 5, 6, 7));

    assertThat(inv.gpus()).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3);
    assertThat(inv.gpus())
        .extracting(GpuDevice::pciBusId)
        .containsExactly("0000:85:00.0", "0000:a6:00.0", "0000:c6:00.0", "0000:e5:00.0");
    assertThat(inv.gpus().get(0).memoryUsedBytes())
        .as("details still from amd-smi")
        .isEqualTo(283L << 20);
    assertThat(inv.notes())
        .anyMatch(n -> n.startsWith("amd-smi lists 8 GPUs but only 4 are usable by this process"))
        .anyMatch(n -> n.contains("KFD) order"));
  }

  @Test
  void masksApplyToWhatTheContainerSees() {
    amdSmiPrintsAnMi300xNode();

    Inventory inv = detect(sysfs().mi300xNode(4, 5, 6, 7), "HIP_VISIBLE_DEVICES", "1");

    assertThat(inv.gpus())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.index()).isEqualTo(1);
              assertThat(g.pciBusId()).isEqualTo("0000:a6:00.0");
            });
    assertThat(inv.notes()).anyMatch(n -> n.startsWith("HIP_VISIBLE_DEVICES=1: 1 of 4"));
  }

  @Test
  void olderRocmWithoutAmdSmiIsAnsweredByRocmSmi() {
    runner.prints(
        RocmSmiDetector.jsonCommand(), Fixtures.read("derived/rocm-smi_--json_mi300x_x8.json"));

    Inventory inv = detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7));

    assertThat(inv.source()).isEqualTo("rocm-smi");
    assertThat(inv.gpus()).hasSize(8);
    assertThat(outcome(inv, "amd-smi")).isEqualTo(Outcome.NOT_AVAILABLE);
  }

  @Test
  void hungAmdSmiFallsThroughToRocmSmi() {
    CommandRunner.Result hung = new CommandRunner.Result.TimedOut(Duration.ofMillis(300), "");
    runner
        .answer(AmdSmiDetector.STATIC, hung)
        .answer(AmdSmiDetector.LIST, hung)
        .answer(AmdSmiDetector.METRIC, hung)
        .prints(
            RocmSmiDetector.jsonCommand(), Fixtures.read("derived/rocm-smi_--json_mi300x_x8.json"));

    Inventory inv = detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7));

    assertThat(inv.source()).isEqualTo("rocm-smi");
    DetectorReport amd = inv.reports().get(1);
    assertThat(amd.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(amd.detail()).contains("did not answer within 300 ms");
  }

  @Test
  void bareContainerWithoutToolsIsAnsweredByKfd() {
    Inventory inv = detect(sysfs().mi300xNode(0, 1));

    assertThat(inv.source()).isEqualTo("kfd-sysfs");
    assertThat(inv.gpus()).hasSize(2).allMatch(g -> g.memoryUsedBytes() == -1);
  }

  @Test
  void toolListsGpusButDevKfdIsMissingSoNoneIsUsable() {
    amdSmiPrintsAnMi300xNode();
    FakeSysfs fs = sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7);
    fs.root.resolve("dev/kfd").toFile().delete();

    Inventory inv = detect(fs);

    assertThat(inv.gpus()).isEmpty();
    assertThat(inv.notes()).anyMatch(n -> n.contains("/dev/kfd is missing"));
  }

  @Test
  void nvidiaHostIsAnsweredByNvidiaSmi() {
    runner.prints(
        NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS),
        Fixtures.read("derived/nvidia-smi_--query-gpu_h100x8.csv"));

    Inventory inv = detect(sysfs(), "CUDA_VISIBLE_DEVICES", "0,1,2,3");

    assertThat(inv.source()).isEqualTo("nvidia-smi");
    assertThat(inv.gpus()).hasSize(4).allMatch(g -> g.vendor() == GpuVendor.NVIDIA);
    assertThat(outcome(inv, "kfd-sysfs")).isEqualTo(Outcome.NOT_AVAILABLE);
  }

  @Test
  void nvidiaMigMaskAsksForTheInstanceList() {
    runner
        .prints(
            NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS),
            Fixtures.read("derived/nvidia-smi_--query-gpu_a100x2.csv"))
        .prints(NvidiaSmiDetector.LIST, Fixtures.read("derived/nvidia-smi_-L_a100_mig.txt"));

    Inventory inv =
        detect(sysfs(), "CUDA_VISIBLE_DEVICES", "MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f");

    assertThat(inv.gpus())
        .singleElement()
        .extracting(GpuDevice::memoryTotalBytes)
        .isEqualTo(40_000_000_000L);
  }

  private static final io.aimengine.core.catalog.FileCatalog CATALOG =
      new io.aimengine.core.catalog.FileCatalog(
          java.util.List.of(io.aimengine.core.catalog.FileCatalog.builtInRoot()),
          GpuCatalog.builtIn());

  @Test
  void aMigInstanceNamedInTheMaskIsWhatTheEngineAndItsContainerAreGiven() {
    runner
        .prints(
            NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS),
            Fixtures.read("derived/nvidia-smi_--query-gpu_a100x2.csv"))
        .prints(NvidiaSmiDetector.LIST, Fixtures.read("derived/nvidia-smi_-L_a100_mig.txt"));
    String mig = "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb"; // the second 3g.40gb of GPU 0
    Inventory inv = detect(sysfs(), "CUDA_VISIBLE_DEVICES", mig);

    io.aimengine.core.plan.Plan plan =
        new io.aimengine.core.plan.Planner(GpuCatalog.builtIn())
            .plan(
                io.aimengine.core.plan.PlanRequest.of("Qwen/Qwen3-8B"),
                inv,
                java.util.Set.of(),
                CATALOG,
                new io.aimengine.core.plan.ModelFactsResolver(CATALOG).resolve("Qwen/Qwen3-8B"));
    io.aimengine.core.engine.LaunchSpec spec =
        new io.aimengine.core.engine.VllmAdapter()
            .launchSpec(plan, io.aimengine.core.engine.LaunchOptions.defaults().withName("ep"));

    assertThat(plan.gpuIndices()).containsExactly(0);
    assertThat(plan.migDevices()).containsExactly(mig);
    assertThat(spec.env()).containsEntry("CUDA_VISIBLE_DEVICES", mig);
    assertThat(spec.container().gpuIds()).containsExactly(mig);
    assertThat(spec.container().dockerRun())
        .containsSubsequence("--gpus", "\"device=" + mig + "\"");
  }

  @Test
  void wholeGpusAreStillNamedByIndex() {
    runner.prints(
        NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS),
        Fixtures.read("derived/nvidia-smi_--query-gpu_a100x2.csv"));
    Inventory inv = detect(sysfs(), "CUDA_VISIBLE_DEVICES", "1");

    io.aimengine.core.plan.Plan plan =
        new io.aimengine.core.plan.Planner(GpuCatalog.builtIn())
            .plan(
                io.aimengine.core.plan.PlanRequest.of("Qwen/Qwen3-8B"),
                inv,
                java.util.Set.of(),
                CATALOG,
                new io.aimengine.core.plan.ModelFactsResolver(CATALOG).resolve("Qwen/Qwen3-8B"));

    assertThat(plan.migDevices()).isEmpty();
    assertThat(
            new io.aimengine.core.engine.VllmAdapter()
                .launchSpec(plan, io.aimengine.core.engine.LaunchOptions.defaults())
                .env())
        .containsEntry("CUDA_VISIBLE_DEVICES", "1");
  }

  @Test
  void hostWithoutGpuIsCpuOnlyAndSaysWhatEachDetectorAnswered() {
    Inventory inv = detect(sysfs());

    assertThat(inv.hasGpus()).isFalse();
    assertThat(inv.source()).isEqualTo("none");
    assertThat(inv.reports()).hasSize(5);
    assertThat(inv.reports().subList(1, 5)).allMatch(r -> r.outcome() == Outcome.NOT_AVAILABLE);
    assertThat(inv.cpu().cores()).isPositive();
  }

  @Test
  void amdAndNvidiaOnOneHostPlansForAmdAndNotesTheOther() {
    amdSmiPrintsAnMi300xNode();
    runner.prints(
        NvidiaSmiDetector.query(NvidiaSmiDetector.FIELDS),
        Fixtures.read("derived/nvidia-smi_--query-gpu_a100x2.csv"));

    Inventory inv = detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7));

    assertThat(inv.gpus()).allMatch(g -> g.vendor() == GpuVendor.AMD);
    assertThat(inv.notes()).anyMatch(n -> n.startsWith("nvidia-smi also lists 2 NVIDIA GPU(s)"));
  }

  @Test
  void partitionedMemoryAndUnknownModelsAreNoted() {
    runner.prints(
        AmdSmiDetector.STATIC,
        "[{\"gpu\": 0, \"asic\": {\"device_id\": \"0x74a1\"}, \"vram\": {\"size\": {\"value\": 24560, \"unit\": \"MB\"}}},"
            + " {\"gpu\": 1, \"asic\": {\"device_id\": \"0x74ff\"}, \"vram\": {\"size\": {\"value\": 65536, \"unit\": \"MB\"}}}]");

    Inventory inv = detect(sysfs());

    assertThat(inv.notes())
        .anyMatch(n -> n.startsWith("MI300X reports 24.0 GiB per device, far below its 192.0 GiB"))
        .anyMatch(n -> n.startsWith("GPU 1 (unknown (0x74ff)) is not in the GPU table"));
  }

  @Test
  void fullOverrideSkipsDetection() {
    Inventory inv = detect(sysfs(), "AIM_GPU_MODEL", "mi300x", "AIM_GPU_COUNT", "8");

    assertThat(inv.source()).isEqualTo("override");
    assertThat(inv.gpus()).hasSize(8).allMatch(g -> g.model().equals("MI300X"));
    assertThat(inv.reports().get(0).detail()).contains("AIM_GPU_MODEL/AIM_GPU_COUNT");
    assertThat(inv.reports().subList(1, 5)).allMatch(r -> r.outcome() == Outcome.NOT_TRIED);
    assertThat(runner.calls).isEmpty();
  }

  @Test
  void flagsWinOverTheEnvironmentFieldByField() {
    Inventory inv =
        detect(sysfs(), GpuOverride.flags(null, 2), "AIM_GPU_MODEL", "H100", "AIM_GPU_COUNT", "8");

    assertThat(inv.gpus()).hasSize(2).allMatch(g -> g.model().equals("H100"));
  }

  @Test
  void overrideWithZeroGpusIsCpuOnly() {
    Inventory inv = detect(sysfs(), GpuOverride.flags("MI300X", 0));

    assertThat(inv.gpus()).isEmpty();
    assertThat(inv.source()).isEqualTo("override");
  }

  @Test
  void unknownOverrideModelIsInvalidInputListingTheKnownOnes() {
    assertThatThrownBy(() -> detect(sysfs(), GpuOverride.flags("MI999", 8)))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("unknown GPU model 'MI999'")
        .hasMessageContaining("MI300X");
  }

  @Test
  void modelOnlyOverrideKeepsMatchingDetectedGpus() {
    amdSmiPrintsAnMi300xNode();

    Inventory inv =
        detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7), GpuOverride.flags("MI300X", null));

    assertThat(inv.source()).isEqualTo("amd-smi");
    assertThat(inv.gpus()).hasSize(8);
    assertThat(inv.gpus().get(0).memoryUsedBytes()).isEqualTo(2531L << 20);
  }

  @Test
  void modelOnlyOverrideOfAnotherModelAssumesItOnTheDetectedDevices() {
    amdSmiPrintsAnMi300xNode();

    Inventory inv =
        detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7), GpuOverride.flags("MI325X", null));

    assertThat(inv.source()).isEqualTo("override");
    assertThat(inv.gpus()).hasSize(8).allMatch(g -> g.model().equals("MI325X"));
    assertThat(inv.notes()).anyMatch(n -> n.contains("planning for MI325X"));
  }

  @Test
  void modelOnlyOverrideWithoutAnyGpuAsksForACount() {
    assertThatThrownBy(() -> detect(sysfs(), GpuOverride.flags("MI300X", null)))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("add --gpu-count N");
  }

  @Test
  void countOnlyOverrideUsesTheFirstVisibleGpus() {
    amdSmiPrintsAnMi300xNode();

    Inventory inv = detect(sysfs().mi300xNode(0, 1, 2, 3, 4, 5, 6, 7), "AIM_GPU_COUNT", "4");

    assertThat(inv.gpus()).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3);
  }

  @Test
  void countOnlyOverrideAskingForMoreThanVisibleIsUnexpectedState() {
    amdSmiPrintsAnMi300xNode();

    assertThatThrownBy(() -> detect(sysfs().mi300xNode(0, 1), "AIM_GPU_COUNT", "8"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("asks for 8 GPU(s) but only 2 are visible")
        .satisfies(
            e -> assertThat(((AimException) e).exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE));
  }

  @Test
  void malformedMaskStopsDetectionWithTheVariableNamed() {
    amdSmiPrintsAnMi300xNode();

    assertThatThrownBy(() -> detect(sysfs().mi300xNode(0, 1), "ROCR_VISIBLE_DEVICES", "0,x"))
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith("ROCR_VISIBLE_DEVICES=\"0,x\"");
  }

  @Test
  void amdSmiCallsAndNvidiaSmiRunConcurrently() {
    amdSmiPrintsAnMi300xNode();
    // Each call waits until all four are in flight; run one after another, they would time out.
    java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(4);
    CommandRunner gate =
        (command, timeout) -> {
          inFlight.countDown();
          try {
            if (!inFlight.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
              return new CommandRunner.Result.TimedOut(timeout, "");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return runner.run(command, timeout);
        };

    Inventory inv =
        new HardwareDetector(
                gate, sysfs().mi300xNode(0, 1).sysfs(), GpuCatalog.builtIn(), Duration.ofSeconds(1))
            .detect(new Settings(Map.of(), dir), Optional.empty());

    assertThat(inv.source()).isEqualTo("amd-smi");
  }

  @Test
  void aRunnerThatThrowsBecomesThatDetectorsFailureNotACrash() {
    CommandRunner broken =
        (command, timeout) -> {
          if (command.get(0).equals("amd-smi")) {
            throw new IllegalStateException("boom");
          }
          return runner.run(command, timeout);
        };

    Inventory inv =
        new HardwareDetector(
                broken,
                sysfs().mi300xNode(0, 1).sysfs(),
                GpuCatalog.builtIn(),
                Duration.ofSeconds(1))
            .detect(new Settings(Map.of(), dir), Optional.empty());

    assertThat(inv.reports().get(1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(inv.reports().get(1).detail()).contains("boom");
    assertThat(inv.source()).isEqualTo("kfd-sysfs");
  }

  @Test
  void toolWithoutBusIdsIsKeptAndACountMismatchIsNoted() {
    runner.prints(
        AmdSmiDetector.STATIC,
        "[{\"gpu\": 0, \"asic\": {\"device_id\": \"0x74a1\"}}, {\"gpu\": 1, \"asic\": {\"device_id\": \"0x74a1\"}},"
            + " {\"gpu\": 2, \"asic\": {\"device_id\": \"0x74a1\"}}]");

    Inventory inv = detect(sysfs().mi300xNode(0, 1));

    assertThat(inv.gpus()).hasSize(3);
    assertThat(inv.notes())
        .anyMatch(n -> n.startsWith("amd-smi lists 3 GPU(s), the KFD topology shows 2 usable"));
  }
}
