package io.aimengine.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AMD's current tool. Three calls, run in parallel:
 *
 * <ul>
 *   <li>{@code amd-smi static --asic --bus --vram --json} (required): per GPU {@code asic.
 *       market_name, device_id, target_graphics_version, num_compute_units}, {@code bus.bdf},
 *       {@code vram.size};
 *   <li>{@code amd-smi list --json} (optional): {@code bdf, uuid, kfd_id, node_id} and, on newer
 *       builds, {@code hip_id, hip_uuid} (the HIP device index and the "GPU-…" id that
 *       ROCR_VISIBLE_DEVICES accepts);
 *   <li>{@code amd-smi metric --mem-usage --json} (optional): {@code mem_usage.total_vram,
 *       used_vram}.
 * </ul>
 *
 * <p>Shapes accepted (seen in captures): a bare list (ROCm 6.x), {@code {"gpu_data": [...]}} (ROCm
 * 6.4+/7.x), one object per GPU printed one after another (early builds), sizes as {@code {"value":
 * 196592, "unit": "MB"}}, plain numbers or "196592 MB" strings (amd-smi's MB are MiB), "N/A"
 * anywhere, warning lines before the JSON, and the human text format when JSON is absent. The
 * amd-smi {@code gpu} index is not always the HIP index (a capture shows gpu 0 = hip_id 3), so
 * hip_id wins when present; {@link HardwareDetector} re-indexes by KFD order when it can.
 */
public final class AmdSmiDetector implements GpuDetector {
  static final List<String> STATIC =
      List.of("amd-smi", "static", "--asic", "--bus", "--vram", "--json");
  static final List<String> LIST = List.of("amd-smi", "list", "--json");
  static final List<String> METRIC = List.of("amd-smi", "metric", "--mem-usage", "--json");
  private static final long MIB = 1024L * 1024;

  /** amd-smi's uuid "deff740f-0000-1000-8082-87300da37c72" carries the HIP id de8287300da37c72. */
  private static final Pattern AMD_UUID =
      Pattern.compile("([0-9a-f]{2})ff[0-9a-f]{4}-0000-1000-80([0-9a-f]{2})-([0-9a-f]{12})");

  private final CommandRunner runner;
  private final Duration timeout;
  private final ModelIdentifier identifier;

  public AmdSmiDetector(CommandRunner runner, Duration timeout, GpuCatalog catalog) {
    this.runner = runner;
    this.timeout = timeout;
    this.identifier = new ModelIdentifier(catalog);
  }

  @Override
  public String name() {
    return "amd-smi";
  }

  @Override
  public Detection detect() {
    ToolOutput stat;
    ToolOutput list;
    ToolOutput metric;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ToolOutput> s = pool.submit(() -> ToolOutput.run(runner, timeout, STATIC));
      Future<ToolOutput> l = pool.submit(() -> ToolOutput.run(runner, timeout, LIST));
      Future<ToolOutput> m = pool.submit(() -> ToolOutput.run(runner, timeout, METRIC));
      stat = s.get();
      list = l.get();
      metric = m.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Detection.Failed("interrupted");
    } catch (ExecutionException e) {
      return new Detection.Failed("amd-smi call failed: " + e.getCause());
    }
    if (!stat.ok()) {
      return stat.problem();
    }
    List<JsonNode> statics = entries(stat.stdout());
    if (statics == null) {
      return stat.failure("printed neither JSON nor GPU entries");
    }
    if (statics.isEmpty()) {
      return stat.exitCode() == 0
          ? new Detection.NotAvailable("amd-smi lists no GPU")
          : stat.failure("listed no GPU");
    }
    List<String> notes = new ArrayList<>();
    Map<Integer, JsonNode> lists = byGpu(list, "list", notes);
    Map<Integer, JsonNode> metrics = byGpu(metric, "metric", notes);
    List<GpuDevice> devices = new ArrayList<>();
    for (JsonNode st : statics) {
      Integer gpu = ToolOutput.integer(st, "gpu");
      if (gpu == null) {
        notes.add("amd-smi static: an entry without a gpu index was skipped");
        continue;
      }
      devices.add(device(gpu, st, lists.get(gpu), metrics.get(gpu)));
    }
    if (devices.isEmpty()) {
      return stat.failure("gave no usable GPU entry");
    }
    return new Detection.Found(devices, Detection.summary(devices), notes);
  }

  private GpuDevice device(int gpu, JsonNode st, JsonNode ls, JsonNode me) {
    JsonNode asic = st.path("asic");
    String market = ToolOutput.text(asic, "market_name");
    Integer deviceId = ToolOutput.hexId(ToolOutput.text(asic, "device_id"));
    String target = lower(ToolOutput.text(asic, "target_graphics_version"));
    Integer cus = ToolOutput.integer(asic, "num_compute_units");
    ModelIdentifier.Identity id = identifier.identify(GpuVendor.AMD, deviceId, market, target, cus);

    String bdf = ToolOutput.bdf(ToolOutput.text(st.path("bus"), "bdf"));
    if (bdf == null) {
      bdf = ToolOutput.bdf(ToolOutput.text(asic, "pci_bdf"));
    }
    if (bdf == null && ls != null) {
      bdf = ToolOutput.bdf(ToolOutput.text(ls, "bdf"));
    }

    OptionalLong total = OptionalLong.empty();
    long used = -1;
    if (me != null) {
      JsonNode mem = me.path("mem_usage");
      total = ToolOutput.bytes(mem.get("total_vram"), MIB);
      used = ToolOutput.bytes(mem.get("used_vram"), MIB).orElse(-1);
    }
    if (total.isEmpty()) {
      total = ToolOutput.bytes(st.path("vram").get("size"), MIB);
    }
    long totalBytes = total.orElse(id.spec().map(GpuSpec::memoryBytes).orElse(0L));

    int index = gpu;
    String uniqueId = null;
    if (ls != null) {
      Integer hip = ToolOutput.integer(ls, "hip_id");
      if (hip != null) {
        index = hip;
      }
      uniqueId = ToolOutput.text(ls, "hip_uuid");
      if (uniqueId == null) {
        uniqueId = hipUuid(ToolOutput.text(ls, "uuid"));
      }
    }
    return new GpuDevice(
        index, GpuVendor.AMD, id.model(), id.target(), totalBytes, used, bdf, uniqueId);
  }

  /** "GPU-de8287300da37c72" from amd-smi's uuid; the uuid itself when it has another shape. */
  static String hipUuid(String amdUuid) {
    if (amdUuid == null) {
      return null;
    }
    Matcher m = AMD_UUID.matcher(amdUuid.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      String hex = m.group(1) + m.group(2) + m.group(3);
      return hex.chars().allMatch(c -> c == '0') ? null : "GPU-" + hex;
    }
    return amdUuid;
  }

  /** Entries of one optional call by gpu index; a failure becomes a note, not an error. */
  private static Map<Integer, JsonNode> byGpu(ToolOutput out, String what, List<String> notes) {
    Map<Integer, JsonNode> m = new HashMap<>();
    if (!out.ok()) {
      notes.add("amd-smi " + what + ": " + reason(out.problem()));
      return m;
    }
    List<JsonNode> entries = entries(out.stdout());
    if (entries == null || entries.isEmpty()) {
      notes.add("amd-smi " + what + ": " + out.failure("gave no GPU entries").reason());
      return m;
    }
    for (JsonNode e : entries) {
      Integer gpu = ToolOutput.integer(e, "gpu");
      if (gpu != null) {
        m.put(gpu, e);
      }
    }
    return m;
  }

  /** GPU entries of any accepted shape; null when the output is neither JSON nor amd-smi text. */
  static List<JsonNode> entries(String stdout) {
    var json = ToolOutput.json(stdout);
    if (json.isPresent()) {
      JsonNode root = json.get();
      if (root.isObject() && root.has("gpu_data")) {
        root = root.get("gpu_data");
      }
      List<JsonNode> out = new ArrayList<>();
      if (root.isArray()) {
        root.forEach(out::add);
      } else if (root.isObject() && root.has("gpu")) {
        out.add(root);
      } else {
        return null;
      }
      return out;
    }
    List<JsonNode> text = AmdSmiText.parse(stdout);
    return text.isEmpty() ? null : text;
  }

  private static String reason(Detection d) {
    // instanceof, not a pattern switch: see ToolOutput.run (no start-up cache keeps its linkage)
    if (d instanceof Detection.NotAvailable n) {
      return n.reason();
    }
    return d instanceof Detection.Failed f ? f.reason() : ((Detection.Found) d).detail();
  }

  /** "gfx942" from "GFX942" or "gfx942:sramecc+:xnack-". */
  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT).split(":", 2)[0];
  }
}
