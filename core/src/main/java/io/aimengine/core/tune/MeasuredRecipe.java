package io.aimengine.core.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The recipe {@code tune} writes for its winner: the catalog's AIM profile format ({@code
 * metadata}, {@code engine_args}, {@code env_vars}) with {@code type: measured} and the {@code
 * metadata.measured} block that {@link io.aimengine.core.catalog.RecipeParser} requires. Pure.
 *
 * @param base the planned recipe of the winning configuration (its arguments already carry the
 *     configuration's values)
 * @param modelId the model as the planner is asked for it ({@code aim_id}): a Hub id or a local
 *     path
 * @param servedModel the checkpoint the engine loaded ({@code model_id})
 * @param objective what was optimised (the recipe's {@code metric})
 * @param hardware the machine in words ({@code 1x MI300X}, {@code CPU, 16 threads})
 * @param engineVersion the engine release measured
 * @param date when (ISO-8601, UTC)
 * @param workload api, input_tokens, output_tokens, concurrency or rate, requests
 * @param slo the SLOs as {@code --goodput} took them; empty for none
 * @param figures {@code bench}'s metric keys → values
 * @param comment the first lines of the file (without {@code #}), e.g. what was tried
 */
public record MeasuredRecipe(
    Recipe base,
    String modelId,
    String servedModel,
    Metric objective,
    String hardware,
    String engineVersion,
    String date,
    Map<String, Object> workload,
    String slo,
    Map<String, Double> figures,
    String comment) {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  /** The file name: {@code measured-<engine>-<gpu>[-tpN]-<precision>-<objective>.yaml}. */
  public String fileName() {
    return ("measured-"
            + base.engine().label()
            + "-"
            + base.gpu()
            + (base.gpuCount() > 0 ? "-tp" + base.gpuCount() : "")
            + "-"
            + base.precision().label()
            + "-"
            + objective.label()
            + ".yaml")
        .toLowerCase(Locale.ROOT);
  }

  /** The file's text. */
  public String yaml() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("aim_id", modelId);
    root.put("model_id", servedModel);
    Map<String, Object> md = new LinkedHashMap<>();
    md.put("engine", base.engine().label());
    md.put("gpu", base.gpu());
    md.put("gpu_count", base.gpuCount());
    md.put("precision", base.precision().label());
    md.put("metric", objective.label());
    md.put("type", RecipeType.MEASURED.label());
    md.put("manual_selection_only", false);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hardware", hardware);
    m.put("engine_version", engineVersion);
    m.put("date", date);
    m.put("objective", objective.label());
    m.put("workload", workload);
    if (slo != null && !slo.isBlank()) {
      m.put("slo", slo);
    }
    m.put("figures", figures);
    md.put("measured", m);
    root.put("metadata", md);
    Map<String, Object> args = new LinkedHashMap<>();
    base.engineArgs().forEach((k, v) -> args.put(k, typed(v)));
    root.put("engine_args", args);
    root.put("env_vars", base.env());
    StringBuilder b = new StringBuilder();
    for (String line : comment.split("\n", -1)) {
      b.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    try {
      return b.append(YAML.writeValueAsString(root)).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The figures a measured recipe records, under {@code bench}'s metric keys: throughputs (goodput
   * only with SLOs), and median and p99 of TTFT, TPOT and end-to-end latency (plus its mean).
   */
  public static Map<String, Double> figures(io.aimengine.core.bench.BenchMetrics m, boolean slo) {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("request_throughput", round(m.requestThroughput()));
    f.put("output_throughput", round(m.outputThroughput()));
    f.put("total_token_throughput", round(m.totalTokenThroughput()));
    if (slo) {
      f.put("request_goodput", round(m.requestGoodput()));
    }
    f.put("median_ttft_ms", round(m.ttftMs().median()));
    f.put("p99_ttft_ms", round(m.ttftMs().p99()));
    f.put("median_tpot_ms", round(m.tpotMs().median()));
    f.put("p99_tpot_ms", round(m.tpotMs().p99()));
    f.put("mean_e2el_ms", round(m.e2elMs().mean()));
    f.put("median_e2el_ms", round(m.e2elMs().median()));
    f.put("p99_e2el_ms", round(m.e2elMs().p99()));
    return f;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
  }

  /** {@code --arg} values are strings; written back as the numbers or booleans they spell. */
  static Object typed(Object v) {
    if (!(v instanceof String s)) {
      return v;
    }
    if (s.matches("-?\\d{1,18}")) {
      return Long.parseLong(s);
    }
    if (s.matches("-?\\d+\\.\\d+")) {
      return Double.parseDouble(s);
    }
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    return s;
  }
}
