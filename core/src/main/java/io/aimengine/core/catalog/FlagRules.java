package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EngineVersion;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.engine.FlagSpec;
import io.aimengine.core.engine.FlagSpec.Status;
import java.util.List;
import java.util.Optional;

/**
 * Per-argument rules: the flag exists for this engine (did-you-mean when not, the other engine
 * named when it is that engine's flag), is not removed or deprecated for the recipe's engine
 * version, and its value has the right type or choice.
 */
final class FlagRules {
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
        FlagValueRules.check(c, a, s, field);
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
      boolean pair = engine != EngineKind.LLAMACPP;
      if (pair
          && counterpart != null
          && c.schema().find(counterpart).map(x -> x.status() == Status.ACTIVE).orElse(false)) {
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
            : "was removed in " + c.engineName() + " " + s.removedIn();
    String instead = replacement(s);
    if (pinned.isPresent() && s.removedVersion().map(pinned.get()::isAtLeast).orElse(false)) {
      c.error(
          field,
          display(s.name())
              + (s.removedIn() == null ? " is " : " ")
              + when
              + " and the recipe pins "
              + c.recipe().engineVersion()
              + instead);
      return;
    }
    c.warn(
        field,
        display(s.name()) + (s.removedIn() == null ? " is " : " ") + when + note(s) + instead);
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

  /** "a vLLM", "an SGLang", "a llama.cpp". */
  static String article(String engineName) {
    return (engineName.startsWith("S") ? "an " : "a ") + engineName;
  }
}
