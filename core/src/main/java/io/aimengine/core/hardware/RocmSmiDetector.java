package io.aimengine.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The older ROCm tool: {@code rocm-smi --showproductname --showid --showbus --showuniqueid
 * --showmeminfo vram --json}, and when that prints no JSON (old builds), the same flags without
 * {@code --json}, read from its {@code GPU[0] : Key: Value} lines.
 *
 * <p>JSON shape (captures): {@code {"card0": {"Card Series": "AMD Instinct MI300X", "Card Model":
 * "0x74a1", "Device ID": "0x74a1", "PCI Bus": "0000:05:00.0", "Unique ID": "0x6ced1647a296545c",
 * "GFX Version": "gfx942", "VRAM Total Memory (B)": "205822885888", "VRAM Total Used Memory (B)":
 * "2654650368"}, "system": {...}}}. Cards are ordered by number (card10 after card2). Older builds
 * spell {@code Card series/Card model} and give {@code GPU ID} instead of {@code Device ID}; their
 * "Card model" can be the subsystem id (0x0c34 on an MI210), so the device id and the product name
 * are trusted before it. Bus ids may be upper-case.
 */
public final class RocmSmiDetector implements GpuDetector {
  static final List<String> FLAGS =
      List.of(
          "--showproductname", "--showid", "--showbus", "--showuniqueid", "--showmeminfo", "vram");
  private static final Pattern CARD = Pattern.compile("card(\\d{1,6})");
  private static final Pattern TEXT_LINE =
      Pattern.compile("GPU\\[(\\d{1,6})]\\s*:\\s*(.+?):\\s+(.*)");

  private final CommandRunner runner;
  private final Duration timeout;
  private final ModelIdentifier identifier;

  public RocmSmiDetector(CommandRunner runner, Duration timeout, GpuCatalog catalog) {
    this.runner = runner;
    this.timeout = timeout;
    this.identifier = new ModelIdentifier(catalog);
  }

  /** The JSON call. */
  static List<String> jsonCommand() {
    List<String> c = new ArrayList<>(List.of("rocm-smi"));
    c.addAll(FLAGS);
    c.add("--json");
    return c;
  }

  /** The plain-text fallback call. */
  static List<String> textCommand() {
    List<String> c = new ArrayList<>(List.of("rocm-smi"));
    c.addAll(FLAGS);
    return c;
  }

  @Override
  public String name() {
    return "rocm-smi";
  }

  @Override
  public Detection detect() {
    ToolOutput out = ToolOutput.run(runner, timeout, jsonCommand());
    if (!out.ok()) {
      return out.problem();
    }
    Map<Integer, Map<String, String>> cards = fromJson(out.stdout());
    List<String> notes = new ArrayList<>();
    if (cards == null) {
      // No JSON: a build that ignores --json prints text; an older one may reject the flag.
      cards = fromText(out.stdout());
      if (!cards.isEmpty()) {
        notes.add("rocm-smi printed text instead of JSON; read its text output");
      }
    }
    if (cards.isEmpty() && ToolOutput.json(out.stdout()).isEmpty()) {
      ToolOutput text = ToolOutput.run(runner, timeout, textCommand());
      if (!text.ok()) {
        return out.failure("printed no JSON, and the text fallback failed: " + text.problem());
      }
      cards = fromText(text.stdout());
      if (cards.isEmpty()) {
        return text.failure("printed no GPU lines (JSON and text output both unusable)");
      }
      notes.add("rocm-smi printed no JSON; read its text output");
      out = text;
    }
    if (cards.isEmpty()) {
      return out.exitCode() == 0
          ? new Detection.NotAvailable("rocm-smi lists no GPU")
          : out.failure("listed no GPU");
    }
    List<GpuDevice> devices = new ArrayList<>();
    cards.forEach((index, fields) -> devices.add(device(index, fields)));
    return new Detection.Found(devices, Detection.summary(devices), notes);
  }

  private GpuDevice device(int index, Map<String, String> f) {
    String name = first(f, "Card Series", "Card series", "Marketing Name", "Card SKU");
    Integer deviceId = ToolOutput.hexId(first(f, "Device ID", "GPU ID"));
    String target = AmdSmiDetector.lower(first(f, "GFX Version"));
    ModelIdentifier.Identity id = identifier.identify(GpuVendor.AMD, deviceId, name, target, null);
    if (id.spec().isEmpty() && deviceId == null) {
      Integer cardModel = ToolOutput.hexId(first(f, "Card Model", "Card model"));
      if (cardModel != null) {
        id = identifier.identify(GpuVendor.AMD, cardModel, name, target, null);
      }
    }
    long total =
        ToolOutput.bytes(first(f, "VRAM Total Memory (B)"), 1)
            .orElse(id.spec().map(GpuSpec::memoryBytes).orElse(0L));
    long used = ToolOutput.bytes(first(f, "VRAM Total Used Memory (B)"), 1).orElse(-1);
    String bdf = ToolOutput.bdf(first(f, "PCI Bus"));
    String unique = first(f, "Unique ID");
    if (unique != null) {
      String hex = unique.toLowerCase(Locale.ROOT).startsWith("0x") ? unique.substring(2) : unique;
      if (hex.matches("[0-9a-fA-F]{1,16}")) {
        unique = "GPU-" + "0".repeat(16 - hex.length()) + hex.toLowerCase(Locale.ROOT);
      }
    }
    return new GpuDevice(index, GpuVendor.AMD, id.model(), id.target(), total, used, bdf, unique);
  }

  /** Cards by number from the JSON output; null when the output holds no JSON object. */
  static Map<Integer, Map<String, String>> fromJson(String stdout) {
    var json = ToolOutput.json(stdout);
    if (json.isEmpty() || !json.get().isObject()) {
      return null;
    }
    Map<Integer, Map<String, String>> cards = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.get().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Matcher m = CARD.matcher(e.getKey());
      if (!m.matches() || !e.getValue().isObject()) {
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      e.getValue()
          .fields()
          .forEachRemaining(f -> fields.put(f.getKey().strip(), f.getValue().asText()));
      cards.put(Integer.parseInt(m.group(1)), fields);
    }
    return cards;
  }

  /** Cards by number from {@code GPU[0] : Key: Value} lines; banners and warnings are skipped. */
  static Map<Integer, Map<String, String>> fromText(String stdout) {
    Map<Integer, Map<String, String>> cards = new TreeMap<>();
    for (String line : stdout.split("\\R")) {
      Matcher m = TEXT_LINE.matcher(line.strip());
      if (m.matches()) {
        cards
            .computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>())
            .put(m.group(2).strip(), m.group(3).strip());
      }
    }
    return cards;
  }

  private static String first(Map<String, String> f, String... keys) {
    for (String k : keys) {
      String v = ToolOutput.clean(f.get(k));
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
