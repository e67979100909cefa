package io.aimengine.core.hardware;

import io.aimengine.core.AimException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GPU model table (resource {@code gpus.csv}) and AMD's PCI-id map (resource {@code
 * amd-pci-ids.csv}). Looks models up by name or alias (case, spaces, dashes and vendor prefixes
 * ignored), by PCI device id, and by compiler target. Immutable and thread-safe; load once.
 */
public final class GpuCatalog {
  private static volatile GpuCatalog builtIn;

  private final List<GpuSpec> specs;
  private final Map<String, GpuSpec> byKey = new HashMap<>();
  private final Map<Integer, GpuSpec> byPci = new HashMap<>();
  private final Map<Integer, String> amdPciModels = new HashMap<>();

  private GpuCatalog(List<GpuSpec> specs, Map<Integer, String> amdPciModels) {
    this.specs = List.copyOf(specs);
    this.amdPciModels.putAll(amdPciModels);
    for (GpuSpec s : specs) {
      byKey.put(key(s.name()), s);
      for (String a : s.aliases()) {
        byKey.putIfAbsent(key(a), s);
      }
      for (int id : s.pciDeviceIds()) {
        byPci.put(id, s);
      }
    }
  }

  /** The table shipped with AIM Engine. */
  public static GpuCatalog builtIn() {
    GpuCatalog c = builtIn;
    if (c == null) {
      synchronized (GpuCatalog.class) {
        c = builtIn;
        if (c == null) {
          c = new GpuCatalog(loadSpecs(), loadAmdPciIds());
          builtIn = c;
        }
      }
    }
    return c;
  }

  /** All models, in table order. */
  public List<GpuSpec> all() {
    return specs;
  }

  /** Canonical names, in table order. */
  public List<String> names() {
    return specs.stream().map(GpuSpec::name).toList();
  }

  /** Finds a model by name or alias ("mi300x", "AMD Instinct MI300X", "H100 80GB HBM3"). */
  public Optional<GpuSpec> find(String nameOrAlias) {
    if (nameOrAlias == null || nameOrAlias.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byKey.get(key(nameOrAlias)));
  }

  /** Like {@link #find} but fails with a one-line error that lists the known names. */
  public GpuSpec require(String nameOrAlias, String what) {
    return find(nameOrAlias)
        .orElseThrow(
            () ->
                AimException.invalid(
                    what
                        + ": unknown GPU model '"
                        + nameOrAlias
                        + "'; known: "
                        + String.join(", ", names())));
  }

  /** The model a PCI device id belongs to, when it is in the table. */
  public Optional<GpuSpec> byPciDeviceId(int deviceId) {
    return Optional.ofNullable(byPci.get(deviceId));
  }

  /**
   * The AMD model name for a PCI device id, including models outside the planning table (Radeon
   * Pro, MI100); empty when AMD's map does not know the id.
   */
  public Optional<String> amdModelName(int deviceId) {
    GpuSpec s = byPci.get(deviceId);
    if (s != null && s.isAmd()) {
      return Optional.of(s.name());
    }
    return Optional.ofNullable(amdPciModels.get(deviceId));
  }

  /** Models with the given compiler target ("gfx942"), in table order. */
  public List<GpuSpec> byTarget(String target) {
    return specs.stream().filter(s -> s.target().equalsIgnoreCase(target)).toList();
  }

  static String key(String name) {
    String k = name.toLowerCase(Locale.ROOT).trim();
    for (String prefix : List.of("amd instinct ", "instinct ", "nvidia ", "amd ")) {
      if (k.startsWith(prefix)) {
        k = k.substring(prefix.length());
      }
    }
    // Drops [\s_\-/] (a loop: the table's ~50 names and aliases are keyed on every start, and a
    // regular expression compiled for each was a measurable part of it).
    StringBuilder b = new StringBuilder(k.length());
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (" \t\n\013\f\r_-/".indexOf(c) < 0) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static List<GpuSpec> loadSpecs() {
    List<GpuSpec> out = new ArrayList<>();
    for (String[] row : rows("gpus.csv", "\\|")) {
      if (row.length < 12) {
        throw new IllegalStateException("gpus.csv: row has " + row.length + " columns, need 12");
      }
      Set<Integer> ids = new HashSet<>();
      for (String id : row[10].split(",")) {
        if (!id.isBlank()) {
          ids.add(Integer.decode(id.trim()));
        }
      }
      List<String> aliases =
          row[11].isBlank()
              ? List.of()
              : Arrays.stream(row[11].split(",")).map(String::trim).toList();
      out.add(
          new GpuSpec(
              row[0],
              GpuVendor.valueOf(row[1]),
              row[2],
              row[3],
              Long.parseLong(row[4]) * 1024L * 1024L,
              Integer.parseInt(row[5]),
              Boolean.parseBoolean(row[6]),
              Boolean.parseBoolean(row[7]),
              row[8].isBlank() ? 0 : Double.parseDouble(row[8]),
              row[9].isBlank() ? 0 : Double.parseDouble(row[9]),
              ids,
              aliases));
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<Integer, String> loadAmdPciIds() {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (String[] row : rows("amd-pci-ids.csv", ",")) {
      if (row[0].startsWith("pci_device_id")) {
        continue;
      }
      out.put(Integer.decode(row[0].trim()), row[1].trim());
    }
    return out;
  }

  private static List<String[]> rows(String resource, String separator) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in =
        io.aimengine.core.config.BuiltInResources.open(GpuCatalog.class, resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        rows.add(line.split(separator, -1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Lower-cased lookup key, exposed for callers that index other tables by GPU name. */
  public static String normalize(String name) {
    return key(name);
  }

  @Override
  public String toString() {
    return "GpuCatalog" + names();
  }
}
