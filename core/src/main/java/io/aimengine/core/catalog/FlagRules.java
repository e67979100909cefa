package io.aimengine.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EngineVersion;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.engine.FlagSpec;
import io.aimengine.core.engine.FlagSpec.Status;
import io.aimengine.core.engine.FlagSpec.ValueType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-argument rules: the flag exists for this engine (did-you-mean when not, the other engine
 * named when it is that engine's flag), is not removed or deprecated for the recipe's engine
 * version, and its value has the right type or choice.
 */
final class FlagRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Integers, optionally with vLLM's human-readable suffixes (32k = 32000, 32K = 32768).
  private static final Pattern INTEGER = Pattern.compile("-?\\d+|\\d+(\\.\\d+)?[kKmMgGtT]");

  private FlagRules() {}

  static void check(RecipeCheck c) {
    Optional<EngineVersion> pinned = EngineVersion.find(c.recipe().engineVersion());
    for (RecipeCheck.Arg a : c.args()) {
      String field = c.argField(a.key());
      if (a.spec().isEmpty()) {
        unknown(c, a, field);
        continue;
      }
      FlagSpec s = a.spec().get();
      switch (s.status()) {
        case INVALID -> invalid(c, a, s, field);
        case REMOVED -> removed(c, s, pinned, field);
        case DEPRECATED -> deprecated(c, s, pinned, field);
        case ACTIVE -> added(c, s, pinned, field);
      }
      if (s.status() != Status.INVALID) {
        value(c, a, s, field);
      }
    }
  }

  private static void unknown(RecipeCheck c, RecipeCheck.Arg a, String field) {
    Optional<String> other = otherEngineFlag(c, a.key());
    if (other.isPresent()) {
      c.error(field, other.get());
      return;
    }
    c.error(
        field,
        "unknown "
            + c.engineName()
            + " flag "
            + display(a.key())
            + didYouMean(c.schema().suggest(a.key()))
            + (c.schema().suggest(a.key()).isEmpty() ? " (see `" + usage(c) + "`)" : ""));
  }

  private static void invalid(RecipeCheck c, RecipeCheck.Arg a, FlagSpec s, String field) {
    Optional<String> other = otherEngineFlag(c, a.key());
    if (other.isPresent()) {
      c.error(field, other.get());
      return;
    }
    c.error(
        field,
        display(a.key())
            + " is not "
            + article(c.engineName())
            + " flag"
            + (s.note().isEmpty() ? "" : " (" + s.note() + ")")
            + didYouMean(c.schema().suggest(a.key())));
  }

  /**
   * "--gpu-memory-utilization is a vLLM flag, not an SGLang one; SGLang's is
   * --mem-fraction-static", when the other GPU engine has the flag.
   */
  private static Optional<String> otherEngineFlag(RecipeCheck c, String key) {
    EngineKind engine = c.recipe().engine();
    for (EngineKind other : List.of(EngineKind.VLLM, EngineKind.SGLANG)) {
      if (other == engine) {
        continue;
      }
      Optional<FlagSpec> theirs = FlagSchema.forEngine(other).find(key);
      if (theirs.isEmpty() || theirs.get().status() != Status.ACTIVE) {
        continue;
      }
      String counterpart = theirs.get().counterpart();
      List<String> ours = c.schema().suggest(key);
      String hint;
      if (counterpart != null && c.schema().find(counterpart).isPresent()) {
        hint = "; " + c.engineName() + " uses " + display(counterpart);
      } else if (!ours.isEmpty()) {
        hint = didYouMean(ours);
      } else {
        hint = "; " + c.engineName() + " has no equivalent";
      }
      return Optional.of(
          display(key)
              + " is "
              + article(RecipeCheck.engineName(other))
              + " flag, not "
              + article(c.engineName())
              + " one"
              + hint);
    }
    return Optional.empty();
  }

  private static void removed(
      RecipeCheck c, FlagSpec s, Optional<EngineVersion> pinned, String field) {
    String when =
        s.removedIn() == null
            ? "no longer accepted by current " + c.engineName()
            : "removed in " + c.engineName() + " " + s.removedIn();
    String instead = replacement(s);
    if (pinned.isPresent() && s.removedVersion().map(pinned.get()::isAtLeast).orElse(false)) {
      c.error(
          field,
          display(s.name())
              + " is "
              + when
              + " and the recipe pins "
              + c.recipe().engineVersion()
              + instead);
      return;
    }
    c.warn(field, display(s.name()) + " is " + when + note(s) + instead);
  }

  private static void deprecated(
      RecipeCheck c, FlagSpec s, Optional<EngineVersion> pinned, String field) {
    if (pinned.isPresent() && s.removedVersion().map(pinned.get()::isAtLeast).orElse(false)) {
      removed(c, s, pinned, field);
      return;
    }
    c.warn(
        field,
        display(s.name())
            + " is deprecated"
            + (s.deprecatedIn() == null ? "" : " since " + c.engineName() + " " + s.deprecatedIn())
            + note(s)
            + replacement(s));
  }

  private static void added(
      RecipeCheck c, FlagSpec s, Optional<EngineVersion> pinned, String field) {
    if (pinned.isPresent() && s.addedVersion().map(pinned.get()::isBefore).orElse(false)) {
      c.error(
          field,
          display(s.name())
              + " first appeared in "
              + c.engineName()
              + " "
              + s.addedIn()
              + "; the recipe pins "
              + c.recipe().engineVersion());
    }
  }

  /** The value-type rules of one argument. */
  private static void value(RecipeCheck c, RecipeCheck.Arg a, FlagSpec s, String field) {
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
    String suggestion = closestChoice(value, s.choices()).map(x -> "; did you mean " + x + "?").orElse("");
    String message =
        display(a.key())
            + " "
            + value
            + (s.openChoices() ? " is not a known " + c.engineName() : " is not " + article(c.engineName()))
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

  /** "a vLLM", "an SGLang", "a llama.cpp". */
  static String article(String engineName) {
    return (engineName.startsWith("S") ? "an " : "a ") + engineName;
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
      int d = editDistance(v, ch.toLowerCase(Locale.ROOT));
      if (d < bestD) {
        best = ch;
        bestD = d;
      }
    }
    return bestD <= 2 ? Optional.ofNullable(best) : Optional.empty();
  }

  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
      }
    }
    return d[a.length()][b.length()];
  }

  private static String didYouMean(List<String> suggestions) {
    if (suggestions.isEmpty()) {
      return "";
    }
    return "; did you mean "
        + String.join(" or ", suggestions.stream().map(FlagRules::display).toList())
        + "?";
  }

  private static String replacement(FlagSpec s) {
    return s.replacement() == null ? "; drop it" : "; use " + display(s.replacement()) + " instead";
  }

  private static String note(FlagSpec s) {
    return s.note().isEmpty() ? "" : " (" + s.note() + ")";
  }

  private static String usage(RecipeCheck c) {
    return switch (c.recipe().engine()) {
      case VLLM -> "vllm serve --help";
      case SGLANG -> "python3 -m sglang.launch_server --help";
      case LLAMACPP -> "llama-server --help";
    };
  }

  static String display(String key) {
    String k = key.trim();
    return k.startsWith("-") ? k : "--" + k;
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
}
