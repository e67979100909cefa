package io.aimengine.core.hardware;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tool call and the parsing helpers the tool detectors share: JSON behind banner or warning
 * lines, amd-smi's {@code {"value","unit"}} numbers, "N/A" values, PCI bus id normalisation.
 *
 * @param command the argv that was run
 * @param stdout standard output ("" unless the tool completed)
 * @param stderr standard error
 * @param exitCode exit status, -1 unless the tool completed
 * @param problem why there is no output to parse (not installed, timed out, could not start), or
 *     null when the tool completed (even with a non-zero status: detectors still try its output)
 */
record ToolOutput(
    List<String> command, String stdout, String stderr, int exitCode, Detection problem) {

  /**
   * The JSON reader, created on first use: a detector whose tool is not installed (most hosts lack
   * one vendor's) returns without it, and no detector waits for another's class initialisation.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
  }

  private static final Pattern BDF =
      Pattern.compile("(?:([0-9a-fA-F]{1,8}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\\.([0-7])");
  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*");

  /**
   * Loads the JSON machinery (hundreds of classes, the largest cold-start cost of detection) so it
   * can happen while the tools run rather than after they answer.
   */
  static void warmUp() {
    json("[{\"gpu\": 0, \"size\": {\"value\": 1, \"unit\": \"MB\"}}]");
  }

  /** Runs one tool call through the seam. */
  static ToolOutput run(CommandRunner runner, Duration timeout, List<String> command) {
    String shown = "`" + String.join(" ", command) + "`";
    // instanceof, not a pattern switch: a switch's type test is linked at run time (the
    // SwitchBootstraps spin a class), which no JDK 25 start-up cache keeps; every launch detects.
    CommandRunner.Result r = runner.run(command, timeout);
    if (r instanceof CommandRunner.Result.Completed c) {
      return new ToolOutput(command, c.stdout(), c.stderr(), c.exitCode(), null);
    }
    if (r instanceof CommandRunner.Result.NotFound n) {
      return new ToolOutput(
          command,
          "",
          "",
          -1,
          new Detection.NotAvailable(
              n.program()
                  + " not found"
                  + (n.searched().isEmpty() ? "" : " (searched " + n.searched() + ")")));
    }
    if (r instanceof CommandRunner.Result.TimedOut t) {
      return new ToolOutput(
          command,
          "",
          t.stderr(),
          -1,
          new Detection.Failed(
              shown + " did not answer within " + t.after().toMillis() + " ms; killed"));
    }
    CommandRunner.Result.StartFailed s = (CommandRunner.Result.StartFailed) r;
    return new ToolOutput(command, "", "", -1, new Detection.Failed("cannot run " + s.reason()));
  }

  boolean ok() {
    return problem == null;
  }

  /** A one-line failure for output that could not be used, with the status and stderr gist. */
  Detection.Failed failure(String what) {
    StringBuilder b = new StringBuilder("`").append(String.join(" ", command)).append("` ");
    b.append(what);
    if (exitCode != 0) {
      b.append(" (exit status ").append(exitCode).append(')');
    }
    String gist = firstLine(stderr).or(() -> firstLine(stdout)).orElse("");
    if (!gist.isEmpty()) {
      b.append(": ").append(gist);
    }
    return new Detection.Failed(b.toString());
  }

  /** The first non-blank line, trimmed and cut to 200 characters. */
  static Optional<String> firstLine(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (String line : s.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty()) {
        return Optional.of(t.length() > 200 ? t.substring(0, 200) + "..." : t);
      }
    }
    return Optional.empty();
  }

  /**
   * The JSON document in a tool's output. Tools print warnings and banners before it ("WARNING:
   * User is missing the following required groups"), and early amd-smi builds printed one object
   * per GPU one after another; both are accepted. Empty when there is no JSON.
   */
  static Optional<JsonNode> json(String out) {
    if (out == null) {
      return Optional.empty();
    }
    int start = -1;
    int pos = 0;
    for (String line : out.split("\n", -1)) {
      String t = line.stripLeading();
      if (t.startsWith("{") || t.startsWith("[")) {
        start = pos + (line.length() - t.length());
        break;
      }
      pos += line.length() + 1;
    }
    if (start < 0) {
      return Optional.empty();
    }
    List<JsonNode> values = new ArrayList<>();
    // Not readValues(): that unwraps a top-level array into its elements.
    try (JsonParser p = Json.MAPPER.getFactory().createParser(out.substring(start))) {
      for (JsonNode v; (v = Json.MAPPER.readTree(p)) != null; ) {
        values.add(v);
      }
    } catch (IOException | RuntimeException e) {
      // Text after complete JSON ("Done.") is dropped; a truncated first value is no JSON at all.
      if (values.isEmpty()) {
        return Optional.empty();
      }
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() == 1) {
      return Optional.of(values.get(0));
    }
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    for (JsonNode v : values) {
      if (v.isArray()) {
        all.addAll((ArrayNode) v);
      } else {
        all.add(v);
      }
    }
    return Optional.of(all);
  }

  /** A field's text, null when missing, blank or a "N/A"-style placeholder. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return clean(v.asText());
  }

  /** The value, or null for blank and placeholders ("N/A", "[N/A]", "[Not Supported]"). */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    String l = t.toLowerCase(Locale.ROOT);
    if (t.isEmpty()
        || l.equals("n/a")
        || l.equals("[n/a]")
        || l.startsWith("[not supported")
        || l.equals("not supported")
        || l.equals("unknown")
        || l.equals("none")) {
      return null;
    }
    return t;
  }

  /**
   * A memory size in bytes from a number, a {@code {"value": 196592, "unit": "MB"}} object or a
   * string such as "196592 MB". amd-smi's "MB" are MiB (196592 MB = 192 GiB - 16 MiB), so KB/MB/GB
   * and KiB/MiB/GiB are all read as powers of 1024; bare numbers use {@code defaultUnitBytes}.
   */
  static OptionalLong bytes(JsonNode v, long defaultUnitBytes) {
    if (v == null || v.isNull()) {
      return OptionalLong.empty();
    }
    if (v.isObject()) {
      JsonNode value = v.get("value");
      String unit = text(v, "unit");
      if (value == null) {
        return OptionalLong.empty();
      }
      String num = value.isNumber() ? value.asText() : clean(value.asText());
      return num == null
          ? OptionalLong.empty()
          : bytes(num + " " + (unit == null ? "" : unit), defaultUnitBytes);
    }
    if (v.isNumber()) {
      return OptionalLong.of(Math.round(v.asDouble() * defaultUnitBytes));
    }
    return bytes(v.asText(), defaultUnitBytes);
  }

  /** {@link #bytes(JsonNode, long)} for text. */
  static OptionalLong bytes(String s, long defaultUnitBytes) {
    String c = clean(s);
    if (c == null) {
      return OptionalLong.empty();
    }
    Matcher m = NUMBER_WITH_UNIT.matcher(c);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long unit =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "" -> defaultUnitBytes;
          case "B" -> 1;
          case "KB", "KIB", "K" -> 1024L;
          case "MB", "MIB", "M" -> 1024L * 1024;
          case "GB", "GIB", "G" -> 1024L * 1024 * 1024;
          case "TB", "TIB", "T" -> 1024L * 1024 * 1024 * 1024;
          default -> -1;
        };
    if (unit < 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.round(Double.parseDouble(m.group(1)) * unit));
  }

  /** An integer written as "0x74a1", "74a1" (hex) or a JSON number; null when absent. */
  static Integer hexId(String s) {
    String c = clean(s);
    if (c == null) {
      return null;
    }
    try {
      String h = c.toLowerCase(Locale.ROOT).startsWith("0x") ? c.substring(2) : c;
      return (int) Long.parseLong(h, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A PCI bus id in the canonical lower-case form "0000:83:00.0"; null when unparseable. */
  static String bdf(String s) {
    String c = clean(s);
    if (c == null) {
      return null;
    }
    Matcher m = BDF.matcher(c);
    if (!m.find()) {
      return null;
    }
    long domain = m.group(1) == null ? 0 : Long.parseLong(m.group(1), 16);
    return String.format(
        Locale.ROOT,
        "%04x:%02x:%02x.%s",
        domain,
        Integer.parseInt(m.group(2), 16),
        Integer.parseInt(m.group(3), 16),
        m.group(4));
  }

  /** An integer field (number or numeric text); null when absent. */
  static Integer integer(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.asInt();
    }
    String t = clean(v.asText());
    if (t == null) {
      return null;
    }
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
