package io.aimengine.cli;

import io.aimengine.core.hardware.DetectorReport;
import io.aimengine.core.hardware.GpuDevice;
import io.aimengine.core.hardware.Inventory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine gpus [--json]}: the GPUs this process can use, which detector answered, what
 * every detector said, and notes (masks, cross-checks). A host without GPU is not an error (exit
 * 0). JSON fields are documented in docs/operations.md.
 */
@Command(
    name = "gpus",
    description = "Show the GPUs AIM Engine detects here and how it found them.",
    mixinStandardHelpOptions = true)
public final class GpusCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (fields in docs/operations.md).")
  boolean json;

  public GpusCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    Inventory inv = app.inventory();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Map<Integer, String> holders = inv.gpus().isEmpty() ? Map.of() : app.gpuHolders();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, view(inv, ms, holders));
    } else {
      render(out, inv, holders);
    }
    return 0;
  }

  static Map<String, Object> view(Inventory inv, long detectMs) {
    return view(inv, detectMs, Map.of());
  }

  static Map<String, Object> view(Inventory inv, long detectMs, Map<Integer, String> holders) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("gpu_count", inv.gpus().size());
    v.put("source", inv.source());
    List<Map<String, Object>> gpus = new ArrayList<>();
    for (GpuDevice d : inv.gpus()) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("index", d.index());
      g.put("vendor", d.vendor().name().toLowerCase(Locale.ROOT));
      g.put("model", d.model());
      g.put("arch", d.target());
      g.put("memory_total_bytes", d.memoryTotalBytes());
      g.put("memory_used_bytes", d.memoryUsedBytes() < 0 ? null : d.memoryUsedBytes());
      g.put("memory_free_bytes", d.memoryFreeBytes());
      g.put("pci_bus_id", d.pciBusId());
      g.put("unique_id", d.uniqueId());
      g.put("held_by", holders.get(d.index()));
      gpus.add(g);
    }
    v.put("gpus", gpus);
    List<Map<String, Object>> detectors = new ArrayList<>();
    for (DetectorReport r : inv.reports()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.detector());
      m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
      m.put("devices", r.devices());
      m.put("detail", r.detail());
      detectors.add(m);
    }
    v.put("detectors", detectors);
    v.put("notes", inv.notes());
    Map<String, Object> cpu = new LinkedHashMap<>();
    cpu.put("model", inv.cpu().model());
    cpu.put("cores", inv.cpu().cores());
    cpu.put("memory_bytes", inv.cpu().memoryBytes());
    v.put("cpu", cpu);
    v.put("detect_ms", detectMs);
    return v;
  }

  private static void render(PrintWriter out, Inventory inv, Map<Integer, String> holders) {
    if (inv.gpus().isEmpty()) {
      out.println("no GPU found (what each detector said is below)");
    } else {
      out.printf(Locale.ROOT, "%d GPU(s), found by %s%n%n", inv.gpus().size(), inv.source());
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "INDEX", "MODEL", "ARCH", "MEMORY", "USED", "BUS ID", "UNIQUE ID", "HELD BY"
          });
      for (GpuDevice d : inv.gpus()) {
        rows.add(
            new String[] {
              String.valueOf(d.index()),
              d.model(),
              dash(d.target()),
              gib(d.memoryTotalBytes()),
              d.memoryUsedBytes() < 0 ? "-" : gib(d.memoryUsedBytes()),
              dash(d.pciBusId()),
              dash(d.uniqueId()),
              dash(holders.get(d.index()))
            });
      }
      table(out, rows, "");
    }
    out.println();
    out.println("Detectors (in the order tried):");
    List<String[]> rows = new ArrayList<>();
    for (DetectorReport r : inv.reports()) {
      String outcome =
          switch (r.outcome()) {
            case FOUND -> "found " + r.devices();
            case NOT_AVAILABLE -> "not available";
            case FAILED -> "failed";
            case NOT_TRIED -> "not tried";
          };
      rows.add(new String[] {r.detector(), outcome, r.detail()});
    }
    table(out, rows, "  ");
    if (!inv.notes().isEmpty()) {
      out.println();
      out.println("Notes:");
      inv.notes().forEach(n -> out.println("  - " + n));
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "CPU: %s, %d cores, %s memory%n",
        inv.cpu().model(),
        inv.cpu().cores(),
        inv.cpu().memoryBytes() > 0 ? gib(inv.cpu().memoryBytes()) : "unknown");
    if (inv.gpus().isEmpty()) {
      out.println(
          "To plan for a GPU server from here, name the target: aim-engine plan MODEL --gpu MI300X"
              + " --gpu-count 8");
    }
    out.flush();
  }

  private static void table(PrintWriter out, List<String[]> rows, String indent) {
    Table.print(out, rows.stream().map(java.util.Arrays::asList).toList(), indent);
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
