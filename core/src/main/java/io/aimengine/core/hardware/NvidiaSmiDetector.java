package io.aimengine.core.hardware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NVIDIA: {@code nvidia-smi --query-gpu=index,name,uuid,pci.bus_id,pci.device_id,memory.total,
 * memory.used,compute_cap --format=csv,noheader,nounits}. One line per GPU, fields separated by ",
 * ", memory in MiB, "[N/A]" or "[Not Supported]" where a value is missing; {@code pci.bus_id} has
 * an 8-digit domain ("00000000:18:00.0"), {@code pci.device_id} is device and vendor together
 * ("0x233010DE"). Drivers before R510 do not know {@code compute_cap} and reject the whole query
 * ("Field "compute_cap" is not a valid field to query"), so the query is repeated without it and
 * the sm target comes from the GPU table. {@code index} is nvidia-smi's order, which is PCI bus
 * order: the order CUDA uses with {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, which the engine adapters
 * set.
 *
 * <p>{@link #migSlices()} reads {@code nvidia-smi -L} for MIG instances, asked only when a
 * visibility mask names one.
 */
public final class NvidiaSmiDetector implements GpuDetector {
  static final List<String> FIELDS =
      List.of(
          "index",
          "name",
          "uuid",
          "pci.bus_id",
          "pci.device_id",
          "memory.total",
          "memory.used",
          "compute_cap");
  static final List<String> LIST = List.of("nvidia-smi", "-L");
  private static final long MIB = 1024L * 1024;
  private static final Pattern GPU_LINE =
      Pattern.compile("GPU (\\d{1,6}): .*\\(UUID: (GPU-[^)]+)\\)");
  private static final Pattern MIG_LINE =
      Pattern.compile("MIG (\\S+)\\s+Device\\s+(\\d+): \\(UUID: (MIG-[^)]+)\\)");
  private static final Pattern MIG_GB = Pattern.compile("\\.(\\d{1,6})gb");

  private final CommandRunner runner;
  private final Duration timeout;
  private final ModelIdentifier identifier;

  public NvidiaSmiDetector(CommandRunner runner, Duration timeout, GpuCatalog catalog) {
    this.runner = runner;
    this.timeout = timeout;
    this.identifier = new ModelIdentifier(catalog);
  }

  /** The query for the given fields. */
  static List<String> query(List<String> fields) {
    return List.of(
        "nvidia-smi", "--query-gpu=" + String.join(",", fields), "--format=csv,noheader,nounits");
  }

  @Override
  public String name() {
    return "nvidia-smi";
  }

  @Override
  public Detection detect() {
    List<String> fields = FIELDS;
    ToolOutput out = ToolOutput.run(runner, timeout, query(fields));
    List<String> notes = new ArrayList<>();
    if (out.ok() && out.exitCode() != 0 && mentions(out, "not a valid field")) {
      fields = FIELDS.subList(0, FIELDS.size() - 1);
      out = ToolOutput.run(runner, timeout, query(fields));
      notes.add("this driver does not report compute_cap (before R510): sm target from the table");
    }
    if (!out.ok()) {
      return out.problem();
    }
    if (mentions(out, "No devices were found")) {
      return new Detection.NotAvailable("nvidia-smi found no GPU");
    }
    List<GpuDevice> devices = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String line : out.stdout().split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] v = line.split(",", -1);
      if (v.length != fields.size()) {
        bad.add(line.strip());
        continue;
      }
      GpuDevice d = device(v);
      if (d == null) {
        bad.add(line.strip());
      } else {
        devices.add(d);
      }
    }
    if (devices.isEmpty()) {
      return out.failure(
          bad.isEmpty()
              ? "printed nothing"
              : "printed no line of the expected " + fields.size() + " fields");
    }
    if (!bad.isEmpty()) {
      notes.add("nvidia-smi: " + bad.size() + " unreadable line(s) skipped: " + bad.get(0));
    }
    if (out.exitCode() != 0) {
      notes.add(out.failure("exited with an error but listed GPUs").reason());
    }
    return new Detection.Found(devices, Detection.summary(devices), notes);
  }

  private GpuDevice device(String[] v) {
    Integer index = parseInt(v[0]);
    if (index == null) {
      return null;
    }
    String name = ToolOutput.clean(v[1]);
    String uuid = ToolOutput.clean(v[2]);
    String bdf = ToolOutput.bdf(v[3]);
    Integer pciId = ToolOutput.hexId(v[4]);
    Integer deviceId = pciId == null ? null : (pciId >>> 16) & 0xffff;
    long total = ToolOutput.bytes(v[5], MIB).orElse(-1);
    long used = ToolOutput.bytes(v[6], MIB).orElse(-1);
    String target = v.length > 7 ? ModelIdentifier.smTarget(v[7]) : null;
    ModelIdentifier.Identity id =
        identifier.identify(GpuVendor.NVIDIA, deviceId, name, target, null);
    if (total < 0) {
      total = id.spec().map(GpuSpec::memoryBytes).orElse(0L);
    }
    return new GpuDevice(index, GpuVendor.NVIDIA, id.model(), id.target(), total, used, bdf, uuid);
  }

  /**
   * A MIG instance from {@code nvidia-smi -L}.
   *
   * @param parentIndex the GPU it is carved from
   * @param profile "3g.40gb"
   * @param uuid "MIG-…" (or "MIG-GPU-…/1/0" on older drivers)
   * @param memoryBytes the profile's memory in decimal GB (rounded down, so plans stay safe)
   */
  public record MigSlice(int parentIndex, String profile, String uuid, long memoryBytes) {}

  /** MIG instances and the GPUs they belong to; empty when there are none or the tool fails. */
  List<MigSlice> migSlices() {
    ToolOutput out = ToolOutput.run(runner, timeout, LIST);
    return out.ok() ? parseList(out.stdout()) : List.of();
  }

  static List<MigSlice> parseList(String stdout) {
    List<MigSlice> slices = new ArrayList<>();
    int parent = -1;
    for (String line : stdout.split("\\R")) {
      String t = line.strip();
      Matcher g = GPU_LINE.matcher(t);
      if (g.matches()) {
        parent = Integer.parseInt(g.group(1));
        continue;
      }
      Matcher m = MIG_LINE.matcher(t);
      if (m.matches() && parent >= 0) {
        Matcher gb = MIG_GB.matcher(m.group(1).toLowerCase(Locale.ROOT));
        long mem = gb.find() ? Long.parseLong(gb.group(1)) * 1_000_000_000L : 0;
        slices.add(new MigSlice(parent, m.group(1), m.group(3), mem));
      }
    }
    return slices;
  }

  private static boolean mentions(ToolOutput out, String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return out.stdout().toLowerCase(Locale.ROOT).contains(l)
        || out.stderr().toLowerCase(Locale.ROOT).contains(l);
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
