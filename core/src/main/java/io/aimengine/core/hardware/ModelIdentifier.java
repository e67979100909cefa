package io.aimengine.core.hardware;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a detected device from what a tool reported, using {@link GpuCatalog} (gpus.csv and
 * amd-pci-ids.csv). Order: PCI device id (exact, includes cloud VF ids such as 0x74b5), then the
 * tool's market name ("AMD Instinct MI300X OAM", "NVIDIA H100 80GB HBM3", "Aqua Vanjaram [Instinct
 * MI300A]"), else {@code "unknown (0x74ff)"}. Never throws. Thread-safe.
 */
final class ModelIdentifier {
  private static final Pattern INSTINCT = Pattern.compile("\\bMI\\d{3}[A-Z]?\\b");

  /** MI250 and MI250X share PCI id 0x740c; a GCD of an MI250 has 104 CUs, of an MI250X 110. */
  private static final int MI250_CUS_PER_GCD = 104;

  private final GpuCatalog catalog;

  ModelIdentifier(GpuCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * @param model canonical name or {@code "unknown (…)"}
   * @param target compiler target, the reported one when there is one
   * @param spec the catalog row, when the model is in the planning table
   */
  record Identity(String model, String target, Optional<GpuSpec> spec) {}

  /**
   * @param vendor the vendor the source reported (AMD for AMD tools)
   * @param pciDeviceId PCI device id, null when the source does not give it
   * @param marketName the tool's product name, null when absent
   * @param reportedTarget gfx / sm target the tool reported, null when absent
   * @param computeUnits compute units per device, null when unknown (tells MI250 from MI250X)
   */
  Identity identify(
      GpuVendor vendor,
      Integer pciDeviceId,
      String marketName,
      String reportedTarget,
      Integer computeUnits) {
    Optional<GpuSpec> spec = Optional.empty();
    if (pciDeviceId != null) {
      spec = catalog.byPciDeviceId(pciDeviceId).filter(s -> s.vendor() == vendor);
    }
    if (spec.isEmpty() && marketName != null) {
      spec = byName(vendor, marketName);
    }
    if (spec.isPresent()) {
      GpuSpec s = spec.get();
      if (s.name().equals("MI250X") && computeUnits != null && computeUnits == MI250_CUS_PER_GCD) {
        s = catalog.find("MI250").orElse(s);
      }
      return new Identity(
          s.name(), reportedTarget != null ? reportedTarget : s.target(), Optional.of(s));
    }
    if (vendor == GpuVendor.AMD && pciDeviceId != null) {
      Optional<String> amdName = catalog.amdModelName(pciDeviceId);
      if (amdName.isPresent()) {
        return new Identity(amdName.get(), reportedTarget, Optional.empty());
      }
    }
    return new Identity(unknown(pciDeviceId, marketName), reportedTarget, Optional.empty());
  }

  private Optional<GpuSpec> byName(GpuVendor vendor, String name) {
    Optional<GpuSpec> s = catalog.find(name).filter(x -> x.vendor() == vendor);
    if (s.isPresent() || vendor != GpuVendor.AMD) {
      return s;
    }
    Matcher m = INSTINCT.matcher(name.toUpperCase(Locale.ROOT));
    while (m.find()) {
      s = catalog.find(m.group()).filter(x -> x.vendor() == vendor);
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  /** "unknown (0x74ff)", or "unknown (NVIDIA GeForce RTX 4090)" when only a name is known. */
  static String unknown(Integer pciDeviceId, String marketName) {
    if (pciDeviceId != null) {
      return String.format(Locale.ROOT, "unknown (0x%04x)", pciDeviceId);
    }
    return marketName == null ? "unknown" : "unknown (" + marketName + ")";
  }

  /**
   * The gfx target from KFD's {@code gfx_target_version}: major*10000 + minor*100 + stepping, the
   * last two written as hex digits ("gfx90a"). 90402 → gfx942, 90010 → gfx90a, 110000 → gfx1100;
   * null for 0 (CPU nodes).
   */
  static String gfxTarget(long version) {
    if (version <= 0) {
      return null;
    }
    long major = version / 10000;
    long minor = (version / 100) % 100;
    long step = version % 100;
    return "gfx" + major + Long.toHexString(minor) + Long.toHexString(step);
  }

  /** NVIDIA's compute capability "9.0" as the sm target "sm_90"; null when unparseable. */
  static String smTarget(String computeCap) {
    String c = ToolOutput.clean(computeCap);
    if (c == null || !c.matches("\\d+\\.\\d+")) {
      return null;
    }
    return "sm_" + c.replace(".", "");
  }
}
