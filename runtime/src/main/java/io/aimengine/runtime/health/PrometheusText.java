package io.aimengine.runtime.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads values from the Prometheus text exposition format. */
final class PrometheusText {
  private PrometheusText() {}

  /**
   * Values of {@code names}, in that order: samples with labels ({@code name{model="x"} 3}) are
   * summed; names the text lacks are left out; comments and malformed lines are skipped.
   */
  static Map<String, Double> pick(String text, List<String> names) {
    Map<String, Double> sums = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int brace = l.indexOf('{');
      int space;
      String name;
      if (brace >= 0 && brace < l.indexOf(' ')) {
        name = l.substring(0, brace);
        int close = l.lastIndexOf('}');
        if (close < 0) {
          continue;
        }
        space = close + 1;
      } else {
        space = l.indexOf(' ');
        if (space < 0) {
          continue;
        }
        name = l.substring(0, space);
      }
      if (!names.contains(name)) {
        continue;
      }
      String[] rest = l.substring(space).trim().split("\\s+");
      try {
        sums.merge(name, Double.parseDouble(rest[0]), Double::sum);
      } catch (NumberFormatException e) {
        // NaN spelled oddly or garbage: skip the sample
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (String n : names) {
      if (sums.containsKey(n)) {
        out.put(n, sums.get(n));
      }
    }
    return out;
  }
}
