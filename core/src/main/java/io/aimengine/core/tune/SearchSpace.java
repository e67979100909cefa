package io.aimengine.core.tune;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EngineVersion;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.engine.FlagSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The knobs {@code tune} sweeps for one engine release, and the configurations they make (their
 * cross product). Defaults per engine:
 *
 * <ul>
 *   <li>vLLM: {@code max-num-seqs} 128, 256; {@code max-num-batched-tokens} 2048, 8192 (the prefill
 *       chunk: chunked prefill is on by default in vLLM's V1 engine, from 0.8.0; before it {@code
 *       enable-chunked-prefill} is added, held on); {@code kv-cache-dtype} auto, fp8; tensor
 *       parallelism: every power of two up to the GPU count.
 *   <li>SGLang: {@code max-running-requests} 128, 256; {@code chunked-prefill-size} 2048, 8192;
 *       {@code kv-cache-dtype} auto, fp8_e4m3; {@code tp-size} as vLLM's.
 *   <li>llama.cpp: {@code parallel} 1, 2, 4; {@code threads} half and all of the CPU's threads;
 *       {@code batch-size} 512, 2048; {@code ubatch-size} 512; {@code ctx-size} follows {@code
 *       parallel} (each slot gets room for the workload's prompt and output, at least 512 tokens)
 *       unless it is swept itself.
 * </ul>
 *
 * Every flag, default or given with {@code --sweep}, is checked against the engine's flag table for
 * the release planned ({@link FlagSchema#existsIn}): a default the release lacks is left out with a
 * note, a swept one is invalid input. Immutable.
 *
 * @param notes what was left out and why, for {@code --dry-run}
 */
public record SearchSpace(
    EngineKind engine, String engineVersion, List<Knob> knobs, List<String> notes) {

  /** The knob name of the GPU count (tensor parallelism) in {@code --sweep} and tables. */
  public static final String TP = "tp";

  /** The vLLM release whose default (V1) engine chunks prefills without being asked. */
  private static final EngineVersion V1_DEFAULT = EngineVersion.parse("0.8.0", "vllm version");

  private static final Set<String> TP_NAMES = Set.of("tp", "tp-size", "tensor-parallel-size");

  public SearchSpace {
    // A plan names "current" where the engine's releases are not tracked (llama.cpp): no version.
    engineVersion =
        engineVersion == null || EngineVersion.find(engineVersion).isEmpty() ? null : engineVersion;
    knobs = List.copyOf(knobs);
    notes = List.copyOf(notes);
  }

  /**
   * What the defaults are sized from.
   *
   * @param gpuCount GPUs on the machine tuned for (0: CPU, or not known)
   * @param cpuThreads hardware threads of the CPU (llama.cpp's {@code threads})
   * @param inputTokens the workload's prompt length
   * @param outputTokens the workload's output length
   */
  public record Context(int gpuCount, int cpuThreads, int inputTokens, int outputTokens) {}

  /** The default knobs for {@code engine} at {@code engineVersion} (null: the latest known). */
  public static SearchSpace defaults(EngineKind engine, String version, Context c) {
    String engineVersion =
        version == null || EngineVersion.find(version).isEmpty() ? null : version;
    FlagSchema schema = FlagSchema.forEngine(engine);
    List<Knob> knobs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    switch (engine) {
      case VLLM -> {
        tp(c, knobs);
        add(schema, engineVersion, knobs, notes, "max-num-seqs", "sequences per step", "128,256");
        add(
            schema,
            engineVersion,
            knobs,
            notes,
            "max-num-batched-tokens",
            "token budget per step, the prefill chunk",
            "2048,8192");
        if (engineVersion != null
            && EngineVersion.parse(engineVersion, "vllm version").isBefore(V1_DEFAULT)) {
          // vLLM's V0 engine refuses a token budget below max-model-len without chunked prefill
          add(
              schema,
              engineVersion,
              knobs,
              notes,
              "enable-chunked-prefill",
              "needed below 0.8.0 for a token budget under the context",
              "true");
        }
        add(schema, engineVersion, knobs, notes, "kv-cache-dtype", "KV cache size", "auto,fp8");
      }
      case SGLANG -> {
        tp(c, knobs);
        add(
            schema,
            engineVersion,
            knobs,
            notes,
            "max-running-requests",
            "requests running at once",
            "128,256");
        add(
            schema,
            engineVersion,
            knobs,
            notes,
            "chunked-prefill-size",
            "the prefill chunk",
            "2048,8192");
        add(
            schema,
            engineVersion,
            knobs,
            notes,
            "kv-cache-dtype",
            "KV cache size",
            "auto,fp8_e4m3");
      }
      case LLAMACPP -> {
        add(schema, engineVersion, knobs, notes, "parallel", "server slots", "1,2,4");
        int all = Math.max(1, c.cpuThreads());
        add(
            schema,
            engineVersion,
            knobs,
            notes,
            "threads",
            "generation threads",
            Math.max(1, all / 2) + "," + all);
        add(schema, engineVersion, knobs, notes, "batch-size", "logical batch", "512,2048");
        add(schema, engineVersion, knobs, notes, "ubatch-size", "physical batch", "512");
      }
    }
    return new SearchSpace(engine, engineVersion, knobs, notes);
  }

  private static void tp(Context c, List<Knob> knobs) {
    List<String> v = new ArrayList<>();
    for (int n = 1; n <= Math.max(1, c.gpuCount()); n *= 2) {
      v.add(String.valueOf(n));
    }
    knobs.add(new Knob(TP, v, "GPUs the model is sharded across"));
  }

  private static void add(
      FlagSchema schema,
      String version,
      List<Knob> knobs,
      List<String> notes,
      String flag,
      String why,
      String values) {
    if (!schema.existsIn(flag, version)) {
      notes.add(
          flag
              + " left out: "
              + schema.engine().label()
              + " "
              + shown(schema, version)
              + " has no such flag");
      return;
    }
    FlagSpec spec = schema.find(flag).orElseThrow();
    List<String> kept = new ArrayList<>();
    for (String v : values.split(",")) {
      if (spec.type() == FlagSpec.ValueType.CHOICE
          && !spec.openChoices()
          && !spec.choices().contains(v)) {
        notes.add(flag + "=" + v + " left out: not among its choices " + spec.choices());
      } else {
        kept.add(v);
      }
    }
    if (!kept.isEmpty()) {
      knobs.add(new Knob(flag, kept, why));
    }
  }

  private static String shown(FlagSchema schema, String version) {
    return version != null ? version : schema.latestKnownVersion().orElse("(current)");
  }

  /**
   * This space with {@code sweeps} ({@code FLAG=V1,V2,...}, as {@code --sweep} gives them) laid
   * over it: a swept flag replaces the default knob of that flag, or adds one. {@code tp}, {@code
   * tp-size} and {@code tensor-parallel-size} name the GPU count.
   *
   * @throws AimException (invalid input) naming the flag: malformed, unknown to this engine
   *     release, a value of the wrong type, or tensor parallelism for llama.cpp
   */
  public SearchSpace with(List<String> sweeps) {
    Map<String, Knob> byFlag = new LinkedHashMap<>();
    knobs.forEach(k -> byFlag.put(k.flag(), k));
    FlagSchema schema = FlagSchema.forEngine(engine);
    for (String s : sweeps) {
      int eq = s.indexOf('=');
      String flag = eq < 0 ? "" : FlagSchema.canonical(s.substring(0, eq));
      List<String> values =
          new ArrayList<>(new LinkedHashSet<>(split(eq < 0 ? "" : s.substring(eq + 1))));
      if (flag.isEmpty() || values.isEmpty()) {
        throw AimException.invalid(
            "--sweep '" + s + "': expected FLAG=V1,V2,... (e.g. --sweep max-num-seqs=64,128)");
      }
      if (TP_NAMES.contains(flag)) {
        if (engine == EngineKind.LLAMACPP) {
          throw AimException.invalid(
              "--sweep " + flag + ": llama.cpp has no tensor parallelism to sweep");
        }
        for (String v : values) {
          integer("--sweep " + flag, v, 1);
        }
        byFlag.put(TP, new Knob(TP, values, "GPUs the model is sharded across"));
        continue;
      }
      if (!schema.existsIn(flag, engineVersion)) {
        throw AimException.invalid(
            "--sweep "
                + flag
                + ": "
                + engine.label()
                + " "
                + shown(schema, engineVersion)
                + " has no such flag"
                + hint(schema, flag));
      }
      FlagSpec spec = schema.find(flag).orElseThrow();
      for (String v : values) {
        switch (spec.type()) {
          case INT -> integer("--sweep " + flag, v, Integer.MIN_VALUE);
          case FLOAT -> number("--sweep " + flag, v);
          case CHOICE -> {
            if (!spec.openChoices() && !spec.choices().contains(v)) {
              throw AimException.invalid(
                  "--sweep "
                      + flag
                      + "="
                      + v
                      + ": expected one of "
                      + String.join(", ", spec.choices()));
            }
          }
          default -> {}
        }
      }
      byFlag.put(spec.name(), new Knob(spec.name(), values, "swept as asked"));
    }
    return new SearchSpace(engine, engineVersion, List.copyOf(byFlag.values()), notes);
  }

  private static String hint(FlagSchema schema, String flag) {
    List<String> s = schema.suggest(flag);
    return s.isEmpty() ? "" : "; did you mean " + String.join(" or ", s) + "?";
  }

  /** The number of configurations: the product of the knobs' value counts. */
  public long size() {
    long n = 1;
    for (Knob k : knobs) {
      n *= k.values().size();
    }
    return n;
  }

  /**
   * Every configuration, the first knob varying slowest; for llama.cpp without a swept {@code
   * ctx-size}, each configuration's {@code ctx-size} gives every slot room for the workload.
   */
  public List<TuneConfig> configs(Context c) {
    List<TuneConfig> out = new ArrayList<>();
    int[] at = new int[knobs.size()];
    long total = size();
    for (long i = 0; i < total; i++) {
      Integer gpus = null;
      Map<String, String> args = new LinkedHashMap<>();
      for (int k = 0; k < knobs.size(); k++) {
        Knob knob = knobs.get(k);
        String v = knob.values().get(at[k]);
        if (knob.flag().equals(TP)) {
          gpus = Integer.parseInt(v);
        } else {
          args.put(knob.flag(), v);
        }
      }
      if (engine == EngineKind.LLAMACPP && !args.containsKey("ctx-size")) {
        int slots =
            args.containsKey("parallel") ? Math.max(1, Integer.parseInt(args.get("parallel"))) : 1;
        args.put("ctx-size", String.valueOf(slots * slotContext(c)));
      }
      out.add(new TuneConfig(out.size() + 1, gpus, args));
      for (int k = knobs.size() - 1; k >= 0; k--) {
        if (++at[k] < knobs.get(k).values().size()) {
          break;
        }
        at[k] = 0;
      }
    }
    return out;
  }

  /** Tokens one llama.cpp slot needs: prompt + output + 64, rounded up to 256, at least 512. */
  static int slotContext(Context c) {
    int need = c.inputTokens() + c.outputTokens() + 64;
    return Math.max(512, (need + 255) / 256 * 256);
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  private static long integer(String where, String v, long min) {
    try {
      long n = Long.parseLong(v);
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw AimException.invalid(
          where + "=" + v + ": expected an integer" + (min > 0 ? " ≥ " + min : ""));
    }
  }

  private static void number(String where, String v) {
    try {
      Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw AimException.invalid(where + "=" + v + ": expected a number");
    }
  }
}
