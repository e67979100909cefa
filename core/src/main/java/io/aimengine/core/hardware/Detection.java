package io.aimengine.core.hardware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What one detector answered: the closed set found / not available / failed. */
public sealed interface Detection {

  /**
   * The detector saw devices.
   *
   * @param devices in the detector's index order; {@link GpuDevice#index()} is its best knowledge
   *     of the runtime's unmasked device index
   * @param detail one line summarising what was found
   * @param notes warnings the detector wants shown (partial output, inaccessible devices)
   */
  record Found(List<GpuDevice> devices, String detail, List<String> notes) implements Detection {
    public Found {
      devices = List.copyOf(devices);
      notes = List.copyOf(notes);
    }
  }

  /** The source does not exist here (tool not installed, no KFD topology, lists no GPU). */
  record NotAvailable(String reason) implements Detection {}

  /** The source exists but did not give a usable answer (timeout, exit status, bad output). */
  record Failed(String reason) implements Detection {}

  /** This answer as the one-line report {@code aim-engine gpus} prints. */
  default DetectorReport report(String detector) {
    // instanceof, not a pattern switch: see ToolOutput.run (no start-up cache keeps its linkage)
    if (this instanceof Found f) {
      return new DetectorReport(
          detector, DetectorReport.Outcome.FOUND, f.devices().size(), f.detail());
    }
    if (this instanceof NotAvailable n) {
      return new DetectorReport(detector, DetectorReport.Outcome.NOT_AVAILABLE, 0, n.reason());
    }
    return new DetectorReport(detector, DetectorReport.Outcome.FAILED, 0, ((Failed) this).reason());
  }

  /** "8 x MI300X (gfx942, 191.7 GiB)" or "4 x MI300X (…), 4 x unknown (0x74ff) (…)". */
  static String summary(List<GpuDevice> devices) {
    Map<String, List<GpuDevice>> byModel = new LinkedHashMap<>();
    for (GpuDevice d : devices) {
      byModel.computeIfAbsent(d.model(), k -> new java.util.ArrayList<>()).add(d);
    }
    return byModel.entrySet().stream()
        .map(
            e -> {
              GpuDevice first = e.getValue().get(0);
              String arch = first.target() == null ? "" : first.target() + ", ";
              return String.format(
                  Locale.ROOT,
                  "%d x %s (%s%.1f GiB)",
                  e.getValue().size(),
                  e.getKey(),
                  arch,
                  first.memoryTotalBytes() / (1024.0 * 1024 * 1024));
            })
        .collect(Collectors.joining(", "));
  }
}
