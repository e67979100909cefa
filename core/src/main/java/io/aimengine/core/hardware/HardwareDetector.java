package io.aimengine.core.hardware;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.DetectorReport.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds out what this process can run on: the one entry point {@link #detect}.
 *
 * <p>Order (docs/operations.md, "GPU detection"): an override ({@code --gpu/--gpu-count}, {@code
 * AIM_GPU_MODEL/AIM_GPU_COUNT}); then amd-smi, rocm-smi (only when amd-smi found nothing), the KFD
 * topology and nvidia-smi. amd-smi, KFD and nvidia-smi run in parallel, each tool call bounded by
 * the timeout, so a typical node answers in the time of its slowest tool call. The first detector
 * in that order that found devices answers; the others are reported as they answered.
 *
 * <p>Cross-check (AMD): the KFD topology is what the ROCm runtime enumerates. When a tool lists
 * devices that have no render node here (a container given 4 of 8 GPUs), only the ones KFD shows as
 * usable are kept, indices are renumbered to ROCm's order, and a note says so. Visibility masks
 * ({@link VisibilityMasks}) apply last. Thread-safe; each call detects afresh.
 */
public final class HardwareDetector {
  private final SysfsRoot root;
  private final GpuCatalog catalog;
  private final AmdSmiDetector amdSmi;
  private final RocmSmiDetector rocmSmi;
  private final KfdDetector kfd;
  private final NvidiaSmiDetector nvidiaSmi;
  private final CommandRunner runner;
  private final java.util.concurrent.FutureTask<CpuInfo> cpuRead;

  public HardwareDetector(
      CommandRunner runner, SysfsRoot root, GpuCatalog catalog, Duration toolTimeout) {
    this.root = root;
    this.catalog = catalog;
    this.runner = runner;
    this.amdSmi = new AmdSmiDetector(runner, toolTimeout, catalog);
    this.rocmSmi = new RocmSmiDetector(runner, toolTimeout, catalog);
    this.kfd = new KfdDetector(root, catalog);
    this.nvidiaSmi = new NvidiaSmiDetector(runner, toolTimeout, catalog);
    this.cpuRead = new java.util.concurrent.FutureTask<>(() -> CpuInfoReader.read(root));
  }

  /**
   * Reads this host's CPU and memory now, for a thread that prepares a command while its arguments
   * are parsed ({@code /proc/cpuinfo} is slow to generate in a VM: ~5 ms); {@link #detect} takes
   * what it read, or waits for the read in progress. Read once per detector.
   */
  public void readCpu() {
    cpuRead.run();
  }

  private CpuInfo cpu() {
    return io.aimengine.core.Once.await(cpuRead, "reading the host's CPU was interrupted");
  }

  /**
   * The production detector: tools from PATH (then {@code $ROCM_PATH/bin}), files under {@code
   * AIM_SYSFS_ROOT}, per-call timeout {@code AIM_DETECT_TIMEOUT_MS}.
   */
  public static HardwareDetector forSettings(Settings settings) {
    return new HardwareDetector(
        new ProcessCommandRunner(
            settings.environment(),
            settings.executablePath(),
            List.of(settings.rocmPath().resolve("bin"))),
        new SysfsRoot(settings.sysfsRoot()),
        GpuCatalog.builtIn(),
        settings.detectTimeout());
  }

  /**
   * The inventory of this host as this process sees it.
   *
   * @param settings environment: masks, AIM_GPU_MODEL / AIM_GPU_COUNT
   * @param flags an override from CLI flags, which wins over the environment
   * @throws AimException for a malformed mask or override, or an override the host contradicts
   */
  public Inventory detect(Settings settings, Optional<GpuOverride> flags) {
    CpuInfo cpu = cpu();
    Optional<GpuOverride> override = GpuOverride.merge(flags, GpuOverride.fromEnv(settings));
    if (override.isPresent() && override.get().complete()) {
      return assumed(override.get(), cpu);
    }

    Detection amd;
    KfdDetector.Topology topology;
    Detection nvidia;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      if (runner.finds(amdSmi.name()) || runner.finds(rocmSmi.name())) {
        pool.submit(ToolOutput::warmUp); // their JSON (nvidia-smi's is CSV), while they run
      }
      Future<Detection> a = pool.submit(() -> safely(amdSmi));
      Future<KfdDetector.Topology> k = pool.submit(this::readTopology);
      Future<Detection> n = pool.submit(() -> safely(nvidiaSmi));
      amd = a.get();
      topology = k.get();
      nvidia = n.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AimException.failure("GPU detection was interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("GPU detector crashed", e.getCause());
    }
    Detection rocm = amd instanceof Detection.Found ? null : safely(rocmSmi);
    Detection kfdAnswer = KfdDetector.toDetection(topology);

    List<DetectorReport> reports = new ArrayList<>();
    reports.add(overrideReport(override));
    reports.add(amd.report(amdSmi.name()));
    reports.add(
        rocm == null
            ? new DetectorReport(rocmSmi.name(), Outcome.NOT_TRIED, 0, "amd-smi answered")
            : rocm.report(rocmSmi.name()));
    reports.add(kfdAnswer.report(kfd.name()));
    reports.add(nvidia.report(nvidiaSmi.name()));

    List<String> notes = new ArrayList<>();
    List<GpuDevice> devices;
    String source;
    GpuVendor vendor;
    Detection.Found tool =
        amd instanceof Detection.Found f ? f : rocm instanceof Detection.Found f ? f : null;
    if (tool != null) {
      source = tool == amd ? amdSmi.name() : rocmSmi.name();
      notes.addAll(tool.notes());
      devices = CrossCheck.withKfd(source, tool.devices(), topology, notes);
      vendor = GpuVendor.AMD;
    } else if (kfdAnswer instanceof Detection.Found f) {
      source = kfd.name();
      notes.addAll(f.notes());
      devices = f.devices();
      vendor = GpuVendor.AMD;
    } else if (nvidia instanceof Detection.Found f) {
      source = nvidiaSmi.name();
      notes.addAll(f.notes());
      devices = f.devices();
      vendor = GpuVendor.NVIDIA;
    } else {
      source = "none";
      devices = List.of();
      vendor = null;
    }
    if (vendor == GpuVendor.AMD && nvidia instanceof Detection.Found f) {
      notes.add(
          "nvidia-smi also lists "
              + f.devices().size()
              + " NVIDIA GPU(s); AIM Engine plans for one vendor at a time: using the AMD GPUs");
    }
    if (vendor != null) {
      VisibilityMasks.Applied masked =
          VisibilityMasks.apply(devices, vendor, settings, nvidiaSmi::migSlices);
      devices = masked.visible();
      notes.addAll(masked.notes());
      notes.addAll(CrossCheck.memoryNotes(devices, catalog));
    }
    Inventory inv =
        devices.isEmpty() && vendor == null
            ? Inventory.cpuOnly(reports, notes, cpu)
            : new Inventory(devices, devices.isEmpty() ? "none" : source, reports, notes, cpu);
    return override.isPresent() ? partialOverride(override.get(), inv) : inv;
  }

  /** A detector's answer; a bug tripped by odd output becomes that detector's failure. */
  private static Detection safely(GpuDetector d) {
    try {
      return d.detect();
    } catch (RuntimeException e) {
      return new Detection.Failed("could not read its answer (" + e + ")");
    }
  }

  private KfdDetector.Topology readTopology() {
    try {
      return kfd.read();
    } catch (RuntimeException e) {
      return new KfdDetector.Topology(
          true, false, List.of(), List.of("cannot read the KFD topology (" + e + ")"));
    }
  }

  private Inventory assumed(GpuOverride o, CpuInfo cpu) {
    GpuSpec spec = catalog.require(o.model(), o.origin());
    Inventory a = Inventory.assumed(spec, o.count(), "override", cpu);
    List<DetectorReport> reports = new ArrayList<>();
    reports.add(
        new DetectorReport(
            "override",
            Outcome.FOUND,
            o.count(),
            o.count() + " x " + spec.name() + " assumed from " + o.origin()));
    for (String name : List.of("amd-smi", "rocm-smi", "kfd-sysfs", "nvidia-smi")) {
      reports.add(new DetectorReport(name, Outcome.NOT_TRIED, 0, "override given"));
    }
    return new Inventory(a.gpus(), "override", reports, List.of(), cpu);
  }

  private Inventory partialOverride(GpuOverride o, Inventory detected) {
    List<GpuDevice> gpus = detected.gpus();
    List<String> notes = new ArrayList<>(detected.notes());
    String source = detected.source();
    if (o.model() != null) {
      GpuSpec spec = catalog.require(o.model(), o.origin());
      if (gpus.isEmpty()) {
        throw AimException.invalid(
            o.describe()
                + " gives a GPU model without a count and no GPU was detected: add --gpu-count N"
                + " (or AIM_GPU_COUNT)");
      }
      if (!gpus.stream().allMatch(d -> d.model().equals(spec.name()))) {
        notes.add(
            "detected "
                + Detection.summary(gpus)
                + "; planning for "
                + spec.name()
                + " as "
                + o.origin()
                + " asks");
        gpus =
            gpus.stream()
                .map(
                    d ->
                        new GpuDevice(
                            d.index(),
                            spec.vendor(),
                            spec.name(),
                            spec.target(),
                            spec.memoryBytes(),
                            -1,
                            d.pciBusId(),
                            d.uniqueId()))
                .toList();
        source = "override";
      }
    } else {
      int want = o.count();
      if (gpus.isEmpty() && want > 0) {
        throw AimException.invalid(
            o.describe()
                + " gives a GPU count but no GPU was detected: add the model too (--gpu MI300X, or"
                + " AIM_GPU_MODEL)");
      }
      if (want > gpus.size()) {
        throw AimException.unexpectedState(
            o.describe()
                + " asks for "
                + want
                + " GPU(s) but only "
                + gpus.size()
                + " are visible here ("
                + Detection.summary(gpus)
                + ")");
      }
      if (want < gpus.size()) {
        notes.add(
            "using the first "
                + want
                + " of "
                + gpus.size()
                + " visible GPUs ("
                + o.origin()
                + ")");
        gpus = gpus.subList(0, want);
      }
    }
    List<DetectorReport> reports = new ArrayList<>(detected.reports());
    reports.set(0, new DetectorReport("override", Outcome.FOUND, gpus.size(), o.describe()));
    return new Inventory(gpus, gpus.isEmpty() ? "none" : source, reports, notes, detected.cpu());
  }

  private static DetectorReport overrideReport(Optional<GpuOverride> o) {
    return o.map(x -> new DetectorReport("override", Outcome.FOUND, 0, x.describe()))
        .orElse(new DetectorReport("override", Outcome.NOT_AVAILABLE, 0, "not set"));
  }
}
