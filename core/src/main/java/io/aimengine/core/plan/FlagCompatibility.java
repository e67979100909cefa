package io.aimengine.core.plan;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EngineVersion;
import io.aimengine.core.engine.EnvVarSpec;
import io.aimengine.core.engine.EnvVarTable;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.engine.FlagSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fits a recipe's flags to the engine version being launched (default: the newest release the flag
 * table knows). A flag the target version no longer has is dropped and the plan says so, naming its
 * replacement (never substituted automatically: replacements need not mean the same thing); a flag
 * that never existed (a known mistake such as {@code --max-batch-size}, or a name the table does
 * not know) makes the recipe unusable, with a did-you-mean. When the user targets a version newer
 * than the table, unknown names pass with a warning instead: the table cannot know them yet. Pure.
 */
final class FlagCompatibility {
  private final EngineKind engine;
  private final FlagSchema schema;
  private final String version;
  private final boolean newerThanTable;

  FlagCompatibility(EngineKind engine, String version) {
    this.engine = engine;
    this.schema = FlagSchema.forEngine(engine);
    this.version = version;
    Optional<String> latest = schema.latestKnownVersion();
    this.newerThanTable =
        version != null
            && latest.isPresent()
            && EngineVersion.parse(latest.get(), "flag table")
                .isBefore(EngineVersion.parse(version, "--engine-version"));
  }

  /** The version plans are made for, as shown to users ("0.18.0", or "latest known"). */
  String target() {
    return version != null ? version : schema.latestKnownVersion().orElse("current");
  }

  /** Why the recipe cannot run on this engine version; null when it can. */
  String unusable(Recipe r) {
    List<String> bad = new ArrayList<>();
    for (String key : r.engineArgs().keySet()) {
      String problem = invalid(key);
      if (problem != null) {
        bad.add(problem);
      }
    }
    return bad.isEmpty() ? null : String.join("; ", bad);
  }

  /** Validates a --arg override; throws invalid input (exit 2) naming the flag. */
  void checkOverride(String key) {
    String problem = invalid(key);
    if (problem != null) {
      throw AimException.invalid("--arg " + key + ": " + problem);
    }
    Optional<FlagSpec> spec = schema.find(key);
    if (spec.isPresent() && !schema.existsIn(key, version)) {
      throw AimException.invalid(
          "--arg "
              + key
              + ": "
              + engine
              + " "
              + target()
              + " no longer has --"
              + FlagSchema.canonical(key)
              + removal(spec.get()));
    }
  }

  private String invalid(String key) {
    Optional<FlagSpec> spec = schema.find(key);
    if (spec.isPresent() && spec.get().status() != FlagSpec.Status.INVALID) {
      return null;
    }
    if (spec.isEmpty() && newerThanTable) {
      return null;
    }
    List<String> suggestions = schema.suggest(key);
    return "--"
        + FlagSchema.canonical(key)
        + " is not a "
        + engine
        + " flag"
        + (suggestions.isEmpty() ? "" : " (did you mean --" + suggestions.get(0) + "?)");
  }

  /** The recipe's args for the target version, with one warning per flag dropped or renamed. */
  Map<String, Object> adapt(Map<String, Object> args, List<String> warnings) {
    Map<String, Object> out = new LinkedHashMap<>();
    args.forEach(
        (k, v) -> {
          Optional<FlagSpec> spec = schema.find(k);
          if (spec.isEmpty()) {
            if (newerThanTable) {
              warnings.add(
                  "--"
                      + FlagSchema.canonical(k)
                      + " is not in AIM Engine's "
                      + engine
                      + " flag table; passed on as written");
            }
            out.put(k, v);
            return;
          }
          if (schema.existsIn(k, version)) {
            out.put(k, v);
            return;
          }
          // Never rename automatically: a "replacement" may mean something else
          // (max-seq-len-to-capture 32768 is a context length; max-cudagraph-capture-size a batch
          // size).
          FlagSpec s = spec.get();
          String instead =
              s.replacement() == null || s.replacement().isBlank()
                  ? ""
                  : "; use --" + s.replacement() + " instead if you need it";
          warnings.add(
              "dropped --"
                  + FlagSchema.canonical(k)
                  + ": "
                  + engine
                  + " "
                  + target()
                  + " does not have it"
                  + removal(s)
                  + instead);
        });
    return out;
  }

  /**
   * The recipe's environment for the target version: a variable the env table marks as no longer
   * read by this engine (at the target version, when the table names the release) is dropped with a
   * warning, since setting it does nothing and hides the switch that would.
   */
  Map<String, String> adaptEnv(Map<String, String> env, List<String> warnings) {
    Map<String, String> out = new LinkedHashMap<>();
    EnvVarTable table = EnvVarTable.builtIn();
    env.forEach(
        (k, v) -> {
          Optional<EnvVarSpec> spec = table.find(k);
          boolean gone =
              spec.isPresent()
                  && spec.get().removed()
                  && (spec.get().engine() == null || spec.get().engine() == engine)
                  && spec.get()
                      .removedVersion()
                      .map(
                          r ->
                              version == null
                                  || EngineVersion.find(version)
                                      .map(t -> t.isAtLeast(r))
                                      .orElse(true))
                      .orElse(true);
          if (gone) {
            warnings.add(
                "dropped "
                    + k
                    + "="
                    + v
                    + ": "
                    + engine
                    + " "
                    + target()
                    + " does not read it ("
                    + spec.get().note()
                    + ")");
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  private static String removal(FlagSpec s) {
    StringBuilder b = new StringBuilder();
    if (s.removedIn() != null && !s.removedIn().isBlank()) {
      b.append(" (removed in ").append(s.removedIn()).append(')');
    }
    if (s.note() != null && !s.note().isBlank()) {
      b.append(" — ").append(s.note());
    }
    return b.toString();
  }
}
