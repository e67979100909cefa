package io.aimengine.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.model.Precision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one recipe file, AIM profile or prototype format, into recipes plus the structural
 * problems that kept a recipe from being built. Value-level checks (flags, types, consistency) are
 * {@link RecipeValidator}'s. Stateless and thread-safe.
 */
public final class RecipeParser {
  /** Fields a {@code measured} recipe's {@code metadata.measured} block must carry. */
  static final List<String> MEASURED_FIELDS =
      List.of("hardware", "engine_version", "date", "workload", "figures");

  /**
   * A measured recipe says where, with what and on which workload it was measured, and what was
   * measured: {@code metadata.measured} with {@link #MEASURED_FIELDS}, {@code figures} a mapping of
   * numbers ({@code bench}'s metric keys).
   */
  private static void measured(String file, JsonNode m, List<Problem> problems) {
    if (m == null || !m.isObject()) {
      problems.add(
          Problem.error(
              file,
              "metadata.measured",
              "a measured recipe needs a 'measured' mapping: "
                  + String.join(", ", MEASURED_FIELDS)));
      return;
    }
    for (String f : MEASURED_FIELDS) {
      if (!m.hasNonNull(f)) {
        problems.add(Problem.error(file, "metadata.measured." + f, "required field is missing"));
      }
    }
    JsonNode objective = m.get("objective");
    if (objective != null && Metric.find(objective.asText()).isEmpty()) {
      problems.add(
          Problem.error(
              file,
              "metadata.measured.objective",
              "unknown objective '" + objective.asText() + "'; expected latency or throughput"));
    }
    JsonNode workload = m.get("workload");
    if (workload != null && !workload.isObject() && !workload.isTextual()) {
      problems.add(
          Problem.error(
              file,
              "metadata.measured.workload",
              "expected a mapping (api, input_tokens, output_tokens, concurrency or rate) or text"));
    }
    JsonNode figures = m.get("figures");
    if (figures != null && (!figures.isObject() || figures.isEmpty())) {
      problems.add(
          Problem.error(file, "metadata.measured.figures", "expected a mapping of metric: number"));
    } else if (figures != null) {
      figures
          .properties()
          .forEach(
              e -> {
                if (!e.getValue().isNumber()) {
                  problems.add(
                      Problem.error(
                          file,
                          "metadata.measured.figures." + e.getKey(),
                          "expected a number, got " + e.getValue()));
                }
              });
    }
  }

  private static final Pattern GPU_ENTRY = Pattern.compile("(\\d+)_gpu");

  /** POSIX environment variable names: what a shell can assign, and nothing it would run. */
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Flag names as engines' argument parsers spell them, without the leading dashes. */
  static final Pattern FLAG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private static final String CPU = "CPU";

  /**
   * GPU names in AMD's AIM profile schema (schemas/general_profile_schema.json) not in gpus.csv.
   */
  static final java.util.Set<String> AIM_ONLY_GPUS =
      java.util.Set.of(
          "MI100", "V710", "V620", "W7900", "W7800", "W6900X", "W6800", "W6800X", "RX9070",
          "RX7900", "RX6900", "RX6800");

  private final GpuCatalog gpus;

  public RecipeParser(GpuCatalog gpus) {
    this.gpus = gpus;
  }

  /** Parse result: the recipes built and the problems that stopped others. */
  public record Result(List<Recipe> recipes, List<Problem> problems) {}

  /**
   * Parses {@code text} read from {@code file}; recipe ids are {@code idBase} plus, for prototype
   * files, one segment per expanded entry.
   */
  public Result parse(String file, String idBase, String text) {
    List<Problem> problems = new ArrayList<>();
    JsonNode root;
    try {
      root = Yaml.read(text);
    } catch (IOException e) {
      problems.add(Problem.error(file, "", "not valid YAML: " + Yaml.oneLine(e)));
      return new Result(List.of(), problems);
    }
    if (!root.isObject()) {
      problems.add(Problem.error(file, "", "expected a YAML mapping at the top level"));
      return new Result(List.of(), problems);
    }
    if (root.has("metadata")) {
      return new Result(aimProfile(file, idBase, root, problems), problems);
    }
    if (root.has("vllm_serve") || root.has("sglang_serve") || root.has("recipe_id")) {
      return new Result(prototype(file, idBase, root, problems), problems);
    }
    problems.add(
        Problem.error(
            file,
            "",
            "not a recipe: expected 'metadata' (AIM profile) or 'vllm_serve'/'sglang_serve'"
                + " (prototype format)"));
    return new Result(List.of(), problems);
  }

  private List<Recipe> aimProfile(String file, String id, JsonNode root, List<Problem> problems) {
    JsonNode md = root.get("metadata");
    if (!md.isObject()) {
      problems.add(Problem.error(file, "metadata", "expected a mapping"));
      return List.of();
    }
    int before = problems.size();
    for (String f :
        List.of(
            "engine", "gpu", "precision", "gpu_count", "metric", "manual_selection_only", "type")) {
      if (!md.has(f) || md.get(f).isNull()) {
        problems.add(Problem.error(file, "metadata." + f, "required field is missing"));
      }
    }
    if (problems.size() > before) {
      return List.of();
    }
    Optional<EngineKind> engine = EngineKind.find(md.get("engine").asText());
    if (engine.isEmpty()) {
      problems.add(
          Problem.error(
              file,
              "metadata.engine",
              "unknown engine '"
                  + md.get("engine").asText()
                  + "'; expected vllm, sglang or llamacpp"));
    }
    String gpu = gpuName(file, "metadata.gpu", md.get("gpu").asText(), problems);
    Optional<Precision> precision =
        precision(file, "metadata.precision", md.get("precision"), problems);
    Integer gpuCount = count(file, "metadata.gpu_count", md.get("gpu_count"), problems);
    Optional<Metric> metric = Metric.find(md.get("metric").asText());
    if (metric.isEmpty()) {
      problems.add(
          Problem.error(
              file,
              "metadata.metric",
              "unknown metric '"
                  + md.get("metric").asText()
                  + "'; expected latency or throughput"));
    }
    JsonNode manual = md.get("manual_selection_only");
    if (!manual.isBoolean()) {
      problems.add(
          Problem.error(
              file, "metadata.manual_selection_only", "expected true or false, got " + manual));
    }
    Optional<RecipeType> type = RecipeType.find(md.get("type").asText());
    if (type.isEmpty()) {
      problems.add(
          Problem.error(
              file,
              "metadata.type",
              "unknown type '"
                  + md.get("type").asText()
                  + "'; expected optimized, measured, preview, unoptimized or general"));
    } else if (type.get() == RecipeType.MEASURED || md.has("measured")) {
      // An optimized (or any) recipe may publish figures too: the same rules hold for them.
      measured(file, md.get("measured"), problems);
    }
    Map<String, Object> args = mapping(file, "engine_args", root.get("engine_args"), problems);
    Map<String, String> env = environment(file, "env_vars", root.get("env_vars"), problems);
    if (problems.size() > before || args == null || env == null) {
      return List.of();
    }
    String modelId = text(root, "aim_id");
    String served = text(root, "model_id");
    if (modelId == null) {
      modelId = served;
    }
    String version = text(md, "engine_version");
    return List.of(
        new Recipe(
            id,
            modelId,
            served,
            engine.get(),
            gpu,
            gpuCount,
            precision.get(),
            metric.get(),
            type.get(),
            manual.booleanValue(),
            args,
            env,
            version,
            new RecipeSource(file, RecipeSource.Format.AIM_PROFILE, null),
            md.has("measured") ? measurement(md.get("measured"), metric.get()) : null));
  }

  /** The checked {@code metadata.measured} block as a {@link Measurement}. */
  private static Measurement measurement(JsonNode m, Metric recipeMetric) {
    JsonNode w = m.get("workload");
    Map<String, Object> workload = new LinkedHashMap<>();
    String workloadText;
    if (w.isObject()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> plain = (Map<String, Object>) Yaml.plain(w);
      workload.putAll(plain);
      workloadText = workloadText(plain);
    } else {
      workloadText = w.asText();
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    m.get("figures").properties().forEach(e -> figures.put(e.getKey(), e.getValue().asDouble()));
    return new Measurement(
        m.get("hardware").asText(),
        m.get("engine_version").asText(),
        m.get("date").asText(),
        workload,
        workloadText,
        Metric.find(m.path("objective").asText(null)).orElse(recipeMetric),
        figures);
  }

  /** {@code chat, 512 input / 128 output tokens, concurrency 16} from a workload mapping. */
  static String workloadText(Map<String, Object> w) {
    StringBuilder b = new StringBuilder();
    b.append(w.getOrDefault("api", "chat"));
    if (w.get("input_tokens") != null || w.get("output_tokens") != null) {
      b.append(", ")
          .append(w.getOrDefault("input_tokens", "?"))
          .append(" input / ")
          .append(w.getOrDefault("output_tokens", "?"))
          .append(" output tokens");
    }
    if (w.get("concurrency") != null) {
      b.append(", concurrency ").append(w.get("concurrency"));
    }
    if (w.get("rate") != null) {
      b.append(", ").append(w.get("rate")).append(" requests/s");
    }
    if (w.get("requests") != null) {
      b.append(", ").append(w.get("requests")).append(" requests");
    }
    return b.toString();
  }

  private List<Recipe> prototype(
      String file, String idBase, JsonNode root, List<Problem> problems) {
    int before = problems.size();
    for (String f : List.of("recipe_id", "model_id", "hardware", "precision")) {
      if (!root.has(f) || root.get(f).isNull()) {
        problems.add(Problem.error(file, f, "required field is missing"));
      }
    }
    if (problems.size() > before) {
      return List.of();
    }
    String gpu = gpuName(file, "hardware", root.get("hardware").asText(), problems);
    Optional<Precision> precision = precision(file, "precision", root.get("precision"), problems);
    if (problems.size() > before) {
      return List.of();
    }
    String modelId = text(root, "model_id");
    String served = Optional.ofNullable(text(root, "huggingface_id")).orElse(modelId);
    List<Recipe> out = new ArrayList<>();
    for (EngineKind engine : List.of(EngineKind.VLLM, EngineKind.SGLANG)) {
      String section = engine.label() + "_serve";
      JsonNode serve = root.get(section);
      if (serve == null || serve.isNull()) {
        continue;
      }
      if (!serve.isObject()) {
        problems.add(Problem.error(file, section, "expected a mapping of N_gpu entries"));
        continue;
      }
      // Sort entries by GPU count so expansion order never depends on file order.
      Map<Integer, Map.Entry<String, JsonNode>> entries = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : serve.properties()) {
        Matcher m = GPU_ENTRY.matcher(e.getKey());
        if (!m.matches()) {
          problems.add(
              Problem.error(file, section + "." + e.getKey(), "expected an entry named <N>_gpu"));
          continue;
        }
        entries.put(Integer.parseInt(m.group(1)), e);
      }
      for (var entry : entries.entrySet()) {
        String field = section + "." + entry.getValue().getKey();
        JsonNode body = entry.getValue().getValue();
        if (!body.isObject() || !body.path("enabled").isBoolean()) {
          problems.add(Problem.error(file, field + ".enabled", "required boolean is missing"));
          continue;
        }
        if (!body.get("enabled").booleanValue()) {
          continue;
        }
        Map<String, Object> rawArgs = mapping(file, field + ".args", body.get("args"), problems);
        if (rawArgs == null) {
          continue;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        rawArgs.forEach((k, v) -> args.put(stripDashes(k), v));
        int n = entry.getKey();
        out.add(
            new Recipe(
                idBase + "/" + engine.label() + "-" + n + "gpu",
                modelId,
                served,
                engine,
                gpu,
                n,
                precision.get(),
                Metric.LATENCY,
                RecipeType.UNOPTIMIZED,
                false,
                args,
                Map.of(),
                null,
                new RecipeSource(file, RecipeSource.Format.PROTOTYPE, field)));
      }
    }
    return out;
  }

  private String gpuName(String file, String field, String raw, List<Problem> problems) {
    String g = raw.trim();
    if (g.equalsIgnoreCase("NONE") || g.equalsIgnoreCase(CPU)) {
      return CPU;
    }
    Optional<GpuSpec> spec = gpus.find(g);
    if (spec.isPresent()) {
      return spec.get().name();
    }
    // GPUs AMD's AIM profile schema accepts that AIM Engine cannot plan for (MI100, Radeon):
    // keep the name, plan nothing on them.
    String upper = g.toUpperCase(Locale.ROOT);
    if (AIM_ONLY_GPUS.contains(upper)) {
      return upper;
    }
    problems.add(
        Problem.error(
            file,
            field,
            "unknown GPU model '" + raw + "'; known: " + String.join(", ", gpus.names())));
    return g;
  }

  private static Optional<Precision> precision(
      String file, String field, JsonNode n, List<Problem> problems) {
    Optional<Precision> p = Precision.find(n.asText());
    if (p.isEmpty() || !p.get().label().equals(n.asText().trim().toLowerCase(Locale.ROOT))) {
      problems.add(
          Problem.error(
              file,
              field,
              "unknown precision '"
                  + n.asText()
                  + "'; expected fp4, fp8, fp16, fp32, bf16, int4 or int8"));
      return Optional.empty();
    }
    return p;
  }

  private static Integer count(String file, String field, JsonNode n, List<Problem> problems) {
    if (!n.isIntegralNumber() || n.asInt() < 0 || n.asInt() > 64) {
      problems.add(Problem.error(file, field, "expected an integer GPU count 0..64, got " + n));
      return 0;
    }
    return n.asInt();
  }

  private static Map<String, Object> mapping(
      String file, String field, JsonNode n, List<Problem> problems) {
    if (n == null || n.isNull()) {
      return new LinkedHashMap<>();
    }
    if (!n.isObject()) {
      problems.add(Problem.error(file, field, "expected a mapping of flag: value"));
      return null;
    }
    int before = problems.size();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String key = e.getKey();
      if (!FLAG_NAME.matcher(stripDashes(key)).matches()) {
        problems.add(
            Problem.error(
                file,
                field + "." + key,
                "'"
                    + key
                    + "' is not a flag name (letters, digits, '-', '_' and '.', starting with a"
                    + " letter or digit)"));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Yaml.plain(n);
    return m;
  }

  private static Map<String, String> environment(
      String file, String field, JsonNode n, List<Problem> problems) {
    Map<String, String> env = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return env;
    }
    if (!n.isObject()) {
      problems.add(Problem.error(file, field, "expected a mapping of NAME: 'value'"));
      return null;
    }
    int before = problems.size();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        // Such a name cannot be set by a shell, and printed in front of a command it would run.
        problems.add(
            Problem.error(
                file,
                field + "." + e.getKey(),
                "'"
                    + e.getKey()
                    + "' is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)"));
        continue;
      }
      JsonNode v = e.getValue();
      env.put(e.getKey(), v.isNull() ? "" : v.asText());
    }
    return problems.size() > before ? null : env;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static String stripDashes(String key) {
    String k = key.trim();
    while (k.startsWith("-")) {
      k = k.substring(1);
    }
    return k;
  }
}
