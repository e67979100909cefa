package io.aimengine.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.EditDistance;
import io.aimengine.core.engine.FlagSpec;
import io.aimengine.core.engine.FlagSpec.ValueType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value of one known flag: the type its schema entry names, a choice from its list, no value on
 * switches and {@code no-} forms. Values are checked as argv would carry them, so numeric strings
 * pass for numbers ("32768", and vLLM's "32k").
 */
final class FlagValueRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Integers, optionally with vLLM's human-readable suffixes (32k = 32000, 32K = 32768).
  private static final Pattern INTEGER = Pattern.compile("-?\\d+|\\d+(\\.\\d+)?[kKmMgGtT]");

  private FlagValueRules() {}

  static void check(RecipeCheck c, RecipeCheck.Arg a, FlagSpec s, String field) {
    Object v = a.value();
    if (a.negated()) {
      if (v != null && !Boolean.TRUE.equals(v)) {
        c.error(field, display(a.key()) + " takes no value; write it with a null value (bare)");
      }
      return;
    }
    switch (s.type()) {
      case BOOL, STORE_TRUE -> switchValue(c, a, s, field);
      case INT -> {
        if (!(v instanceof Long) && !(v instanceof String str && INTEGER.matcher(str).matches())) {
          c.error(field, display(a.key()) + " expects an integer, got " + shown(v));
        }
      }
      case FLOAT -> {
        if (v == null || v instanceof Boolean || RecipeCheck.number(v).isEmpty()) {
          c.error(field, display(a.key()) + " expects a number, got " + shown(v));
        }
      }
      case CHOICE -> choice(c, a, s, field);
      case STRING -> {
        if (v == null && !s.valueOptional()) {
          c.error(field, display(a.key()) + " needs a value");
        } else if (v instanceof List<?> || v instanceof Map<?, ?>) {
          c.error(field, display(a.key()) + " expects one value, got " + shown(v));
        }
      }
      case JSON -> json(c, a, field);
      case LIST -> {
        if (v == null || v instanceof Map<?, ?>) {
          c.error(field, display(a.key()) + " expects one or more values, got " + shown(v));
        }
      }
      case NONE -> {}
    }
  }

  private static void switchValue(RecipeCheck c, RecipeCheck.Arg a, FlagSpec s, String field) {
    Object v = a.value();
    if (v == null || Boolean.TRUE.equals(v)) {
      return;
    }
    if (Boolean.FALSE.equals(v)) {
      if (s.type() == ValueType.STORE_TRUE) {
        c.warn(
            field,
            display(a.key())
                + " is an on-switch with no --no- form; false leaves it off, so remove the line");
      }
      return;
    }
    String negative = s.type() == ValueType.BOOL ? " (or no-" + s.name() + " to turn it off)" : "";
    c.error(
        field,
        display(a.key())
            + " is a switch and takes no value: "
            + display(a.key())
            + " "
            + shown(v)
            + " fails with 'unrecognized arguments: "
            + v
            + "'; write it bare (null) or true"
            + negative);
  }

  private static void choice(RecipeCheck c, RecipeCheck.Arg a, FlagSpec s, String field) {
    Object v = a.value();
    String value = v == null ? null : String.valueOf(v);
    if (value != null && s.choices().contains(value)) {
      return;
    }
    if (value == null || v instanceof List<?> || v instanceof Map<?, ?>) {
      c.error(field, display(a.key()) + " needs one of: " + String.join(", ", s.choices()));
      return;
    }
    String suggestion =
        closestChoice(value, s.choices()).map(x -> "; did you mean " + x + "?").orElse("");
    String message =
        display(a.key())
            + " "
            + value
            + (s.openChoices()
                ? " is not a known " + c.engineName()
                : " is not " + article(c.engineName()))
            + " choice"
            + (s.note().isEmpty() ? "" : " (" + s.note() + ")")
            + "; expected one of: "
            + String.join(", ", s.choices())
            + suggestion
            + hint(s, value);
    if (s.openChoices()) {
      c.warn(field, message + " (the list varies by version)");
    } else {
      c.error(field, message);
    }
  }

  /** Extra advice for common wrong choices. */
  private static String hint(FlagSpec s, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (s.name().equals("dtype") && (v.contains("8") || v.contains("4"))) {
      return ". --dtype only sets the 16/32-bit activation type: FP8 weights come from"
          + " quantization: fp8 or an FP8 checkpoint";
    }
    return "";
  }

  private static void json(RecipeCheck c, RecipeCheck.Arg a, String field) {
    Object v = a.value();
    if (v instanceof Map<?, ?> || v instanceof List<?> || v instanceof Long) {
      return;
    }
    if (v instanceof String s) {
      try {
        JSON.readTree(s);
        return;
      } catch (JsonProcessingException e) {
        c.error(field, display(a.key()) + " expects JSON, got " + shown(v));
        return;
      }
    }
    c.error(field, display(a.key()) + " expects a JSON object, got " + shown(v));
  }

  /** The choice closest to a value: one the value starts, or within edit distance 2. */
  static Optional<String> closestChoice(String value, List<String> choices) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String ch : choices) {
      if (ch.toLowerCase(Locale.ROOT).startsWith(v) && !ch.equalsIgnoreCase(v)) {
        return Optional.of(ch);
      }
    }
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String ch : choices) {
      int d = EditDistance.between(v, ch.toLowerCase(Locale.ROOT));
      if (d < bestD) {
        best = ch;
        bestD = d;
      }
    }
    return bestD <= 2 ? Optional.ofNullable(best) : Optional.empty();
  }

  private static String shown(Object v) {
    if (v == null) {
      return "nothing (a bare flag)";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    return String.valueOf(v);
  }

  private static String display(String key) {
    return FlagRules.display(key);
  }

  private static String article(String engineName) {
    return FlagRules.article(engineName);
  }
}
