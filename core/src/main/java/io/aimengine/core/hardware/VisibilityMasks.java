package io.aimengine.core.hardware;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies the GPU visibility masks the way the runtimes do, to devices whose {@link
 * GpuDevice#index()} is the unmasked runtime index.
 *
 * <p>AMD (ROCm): {@code ROCR_VISIBLE_DEVICES} first (ROCr, below HIP): indices into all devices or
 * "GPU-…" ids; then {@code HIP_VISIBLE_DEVICES}, or when it is unset {@code CUDA_VISIBLE_DEVICES}
 * (HIP reads both, HIP's own wins): indices into the list ROCR left, in its order. NVIDIA: {@code
 * CUDA_VISIBLE_DEVICES} only: indices in nvidia-smi (PCI bus) order, "GPU-…" UUIDs or a unique
 * prefix of one, or MIG instance ids ("MIG-…"); CUDA uses the first MIG instance only.
 *
 * <p>Values: unset = no mask; "" or "-1" = no device (CUDA's idiom); a comma list otherwise. A
 * malformed list (empty entry, non-number that is not an id, duplicate), an index past the end, or
 * an id no device has is an {@link AimException} naming the variable: the runtimes would silently
 * hide every device from the first bad entry on, and a plan built on that costs a failed load.
 * Devices keep their unmasked index (the engine adapter re-masks the child with it); the result is
 * in index order.
 */
final class VisibilityMasks {
  private VisibilityMasks() {}

  /** The visible devices and one note per mask that changed anything. */
  record Applied(List<GpuDevice> visible, List<String> notes) {}

  static Applied apply(
      List<GpuDevice> devices,
      GpuVendor vendor,
      Settings settings,
      Supplier<List<NvidiaSmiDetector.MigSlice>> migSlices) {
    List<GpuDevice> list = new ArrayList<>(devices);
    list.sort(Comparator.comparingInt(GpuDevice::index));
    List<String> notes = new ArrayList<>();
    Optional<String> rocr = settings.visibilityMask("ROCR_VISIBLE_DEVICES");
    Optional<String> hip = settings.visibilityMask("HIP_VISIBLE_DEVICES");
    Optional<String> cuda = settings.visibilityMask("CUDA_VISIBLE_DEVICES");
    if (vendor == GpuVendor.AMD) {
      if (rocr.isPresent()) {
        list = select("ROCR_VISIBLE_DEVICES", rocr.get(), list, notes, null);
      }
      if (hip.isPresent()) {
        if (cuda.isPresent() && !cuda.get().equals(hip.get())) {
          notes.add(
              "HIP_VISIBLE_DEVICES="
                  + hip.get()
                  + " and CUDA_VISIBLE_DEVICES="
                  + cuda.get()
                  + " differ: HIP applies HIP_VISIBLE_DEVICES (vLLM refuses to start when they"
                  + " differ; AIM Engine sets both for the engines it starts)");
        }
        list = select("HIP_VISIBLE_DEVICES", hip.get(), list, notes, null);
      } else if (cuda.isPresent()) {
        list = select("CUDA_VISIBLE_DEVICES", cuda.get(), list, notes, null);
      }
    } else {
      if (rocr.isPresent() || hip.isPresent()) {
        notes.add(
            "ROCR_VISIBLE_DEVICES/HIP_VISIBLE_DEVICES are set but the GPUs are NVIDIA: ignored");
      }
      if (cuda.isPresent()) {
        list = select("CUDA_VISIBLE_DEVICES", cuda.get(), list, notes, migSlices);
      }
    }
    list.sort(Comparator.comparingInt(GpuDevice::index));
    return new Applied(list, notes);
  }

  /** The devices one mask leaves, in the mask's order. */
  private static List<GpuDevice> select(
      String var,
      String value,
      List<GpuDevice> before,
      List<String> notes,
      Supplier<List<NvidiaSmiDetector.MigSlice>> migSlices) {
    String v = value.strip();
    if (v.isEmpty() || v.equals("-1")) {
      notes.add(var + "=\"" + value + "\" hides every GPU");
      return new ArrayList<>();
    }
    List<GpuDevice> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean migUsed = false;
    for (String raw : v.split(",", -1)) {
      String token = raw.strip();
      if (token.isEmpty()) {
        throw bad(var, value, "it has an empty entry; write indices or ids separated by commas");
      }
      if (!seen.add(token.toLowerCase(Locale.ROOT))) {
        throw bad(var, value, "'" + token + "' appears twice");
      }
      if (token.matches("\\d+")) {
        int i = Integer.parseInt(token);
        if (i >= before.size()) {
          throw bad(
              var,
              value,
              "there is no device "
                  + i
                  + ": "
                  + before.size()
                  + " GPU(s) are visible before this mask"
                  + (before.isEmpty() ? "" : " (0-" + (before.size() - 1) + ")"));
        }
        out.add(before.get(i));
      } else if (token.regionMatches(true, 0, "MIG-", 0, 4)) {
        if (!var.equals("CUDA_VISIBLE_DEVICES") || migSlices == null) {
          throw bad(var, value, "'" + token + "' is a MIG id, which only NVIDIA GPUs have");
        }
        GpuDevice d = mig(var, value, token, before, migSlices.get());
        if (migUsed) {
          notes.add(var + ": CUDA uses only the first MIG instance; '" + token + "' is ignored");
          continue;
        }
        migUsed = true;
        notes.add(
            var
                + " names MIG instance "
                + token
                + " of GPU "
                + d.index()
                + ": planned with its "
                + d.memoryTotalBytes() / 1_000_000_000L
                + " GB; the engine must be given the MIG id, not the GPU index");
        out.add(d);
      } else if (token.regionMatches(true, 0, "GPU-", 0, 4)) {
        out.add(byId(var, value, token, before));
      } else {
        throw bad(var, value, "'" + token + "' is neither a device index nor a GPU-… id");
      }
    }
    if (out.size() != before.size() || !out.equals(before)) {
      notes.add(var + "=" + value + ": " + out.size() + " of " + before.size() + " GPU(s) visible");
    }
    return out;
  }

  private static GpuDevice byId(String var, String value, String token, List<GpuDevice> before) {
    String t = token.toLowerCase(Locale.ROOT);
    List<GpuDevice> hits =
        before.stream()
            .filter(
                d -> d.uniqueId() != null && d.uniqueId().toLowerCase(Locale.ROOT).startsWith(t))
            .toList();
    if (hits.size() == 1) {
      return hits.get(0);
    }
    if (hits.isEmpty()) {
      throw bad(var, value, "no visible GPU has id " + token);
    }
    throw bad(var, value, "'" + token + "' matches " + hits.size() + " GPUs; give more of the id");
  }

  private static GpuDevice mig(
      String var,
      String value,
      String token,
      List<GpuDevice> before,
      List<NvidiaSmiDetector.MigSlice> slices) {
    for (NvidiaSmiDetector.MigSlice s : slices) {
      if (s.uuid().equalsIgnoreCase(token)) {
        for (GpuDevice p : before) {
          if (p.index() == s.parentIndex()) {
            return new GpuDevice(
                p.index(),
                p.vendor(),
                p.model(),
                p.target(),
                s.memoryBytes(),
                -1,
                p.pciBusId(),
                s.uuid());
          }
        }
      }
    }
    throw bad(var, value, "no MIG instance " + token + " in `nvidia-smi -L`");
  }

  private static AimException bad(String var, String value, String why) {
    return AimException.invalid(
        var
            + "=\""
            + value
            + "\" is not a usable GPU mask: "
            + why
            + " (fix or unset "
            + var
            + ")");
  }
}
