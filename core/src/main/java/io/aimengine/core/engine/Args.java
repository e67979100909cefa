package io.aimengine.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.catalog.Recipe;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders engine arguments (canonical key → value) into argv, the way argparse reads them. */
final class Args {
  /** Created on the first map argument: most plans render none, and Jackson costs start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private Args() {}

  /**
   * Canonical args minus the keys the adapter owns (model, host, port...). Later keys win; a key
   * and its {@code no-} twin cancel out so the last one written decides.
   */
  static Map<String, Object> withoutOwned(Map<String, Object> args, Set<String> owned) {
    Map<String, Object> out = new LinkedHashMap<>();
    args.forEach(
        (k, v) -> {
          String key = Recipe.canonicalFlag(k);
          if (owned.contains(key)) {
            return;
          }
          String twin = key.startsWith("no-") ? key.substring(3) : "no-" + key;
          out.remove(twin);
          out.remove(key);
          out.put(key, v);
        });
    return out;
  }

  /**
   * Appends {@code --key value} pairs. null and true (or "true") are bare flags; false (or "false")
   * is {@code --no-key} when {@code negatable}, else omitted; lists become several values after one
   * flag; maps become one JSON argument; numbers print without a trailing ".0".
   */
  static void render(Map<String, Object> args, List<String> argv, boolean negatable) {
    args.forEach(
        (k, v) -> {
          Object value = booleanish(v);
          if (value == null || Boolean.TRUE.equals(value)) {
            argv.add("--" + k);
          } else if (Boolean.FALSE.equals(value)) {
            if (negatable) {
              argv.add(k.startsWith("no-") ? "--" + k.substring(3) : "--no-" + k);
            }
          } else if (value instanceof List<?> list) {
            argv.add("--" + k);
            list.forEach(e -> argv.add(scalar(e)));
          } else if (value instanceof Map<?, ?> map) {
            argv.add("--" + k);
            argv.add(json(map));
          } else {
            argv.add("--" + k);
            argv.add(scalar(value));
          }
        });
  }

  /** Reads an integer argument, accepting numbers and numeric strings ("32768", 32768). */
  static Integer intArg(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Object booleanish(Object v) {
    if (v instanceof String s) {
      String l = s.trim().toLowerCase(Locale.ROOT);
      if (l.equals("true")) {
        return Boolean.TRUE;
      }
      if (l.equals("false")) {
        return Boolean.FALSE;
      }
    }
    return v;
  }

  static String scalar(Object v) {
    if (v instanceof Double d) {
      return plain(d);
    }
    if (v instanceof Float f) {
      return BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Map<?, ?> m) {
      return json(m);
    }
    return String.valueOf(v);
  }

  /**
   * A double as {@code BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()} writes it
   * ("0.9", "1", "100"), without BigDecimal where {@link Double#toString} has no exponent: the
   * first use of BigDecimal costs a command ~50 ms of class initialisation.
   */
  static String plain(double d) {
    String s = Double.toString(d);
    if (s.indexOf('E') >= 0 || Double.isNaN(d) || Double.isInfinite(d)) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (d == 0) {
      return "0";
    }
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private static String json(Object o) {
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot render " + o + " as JSON", e);
    }
  }

  static List<String> copy(List<String> l) {
    return new ArrayList<>(l);
  }
}
