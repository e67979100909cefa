package io.aimengine.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * amd-smi's human format ("GPU: 0" blocks of indented "KEY: value" lines) read into the same tree
 * its {@code --json} output has: amd-smi derives its JSON keys from these labels, lower-cased, so
 * one field reader serves both. Used when a build ignores {@code --json} or prints broken JSON.
 */
final class AmdSmiText {
  private static final Pattern GPU = Pattern.compile("GPU:\\s*(\\d{1,6})\\s*");
  private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z0-9_ ]+?):\\s*(.*)");

  private AmdSmiText() {}

  /** One object per "GPU: N" block, with {@code "gpu": N}; empty when there is none. */
  static List<JsonNode> parse(String out) {
    List<JsonNode> gpus = new ArrayList<>();
    record Level(int indent, ObjectNode node) {}
    Deque<Level> stack = new ArrayDeque<>();
    for (String raw : out.split("\\R")) {
      if (raw.isBlank()) {
        continue;
      }
      int indent = raw.length() - raw.stripLeading().length();
      String line = raw.strip();
      Matcher g = GPU.matcher(line);
      if (indent == 0 && g.matches()) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("gpu", Integer.parseInt(g.group(1)));
        gpus.add(entry);
        stack.clear();
        stack.push(new Level(indent, entry));
        continue;
      }
      Matcher kv = KEY_VALUE.matcher(line);
      if (stack.isEmpty() || !kv.matches()) {
        continue;
      }
      while (stack.size() > 1 && stack.peek().indent() >= indent) {
        stack.pop();
      }
      String key = kv.group(1).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
      String value = kv.group(2).strip();
      ObjectNode parent = stack.peek().node();
      if (value.isEmpty()) {
        ObjectNode child = parent.putObject(key);
        stack.push(new Level(indent, child));
      } else {
        parent.put(key, value);
      }
    }
    return gpus;
  }
}
