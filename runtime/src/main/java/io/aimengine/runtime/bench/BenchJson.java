package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.Distribution;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of results: what {@code bench --json} prints and what is saved under {@code
 * AIM_HOME/bench/}. Metric keys are vLLM's result keys ({@code mean_ttft_ms}, {@code p99_itl_ms},
 * {@code request_throughput}, …) so tools that read {@code vllm bench serve --save-result} files
 * read these runs too; fields are added, never renamed.
 */
public final class BenchJson {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The latency metrics, in the order vLLM prints them. */
  public static final List<String> LATENCIES = List.of("ttft", "tpot", "itl", "e2el");

  private BenchJson() {}

  public static ObjectNode toJson(BenchResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.id());
    o.put("created_at", r.createdAt().toString());
    ObjectNode t = o.putObject("target");
    Target x = r.target();
    t.put("name", x.name());
    t.put("url", x.url());
    t.put("engine", x.engine());
    t.put("model", x.model());
    t.put("served_model", x.servedModel());
    t.put("recipe", x.recipeId());
    t.put("gpu", x.gpu());
    x.argv().forEach(t.putArray("argv")::add);
    if (x.planJson() != null) {
      try {
        t.set("plan", JSON.readTree(x.planJson()));
      } catch (IOException e) {
        t.put("plan", x.planJson());
      }
    }
    ObjectNode w = o.putObject("workload");
    w.put("api", r.api().name().toLowerCase(java.util.Locale.ROOT));
    w.put("input_tokens", r.inputTokens());
    w.put("output_tokens", r.outputTokens());
    w.put("prompts", r.promptFile());
    o.put("goodput_slo", r.slo());
    var runs = o.putArray("runs");
    for (RunResult run : r.runs()) {
      runs.add(run(run));
    }
    return o;
  }

  static ObjectNode run(RunResult run) {
    ObjectNode o = JSON.createObjectNode();
    Load l = run.load();
    o.put("axis", l.axis());
    switch (l) {
      case Load.Concurrency c -> o.put("max_concurrency", c.clients());
      case Load.Rate r -> {
        o.put("request_rate", r.perSecond());
        o.put("burstiness", r.burstiness());
        if (r.maxConcurrency() > 0) {
          o.put("max_concurrency", r.maxConcurrency());
        }
      }
    }
    metrics(o, run.metrics());
    ObjectNode first = o.putObject("first_errors");
    run.firstErrors().forEach(first::put);
    return o;
  }

  /** One run's metrics under {@code vllm bench serve --save-result}'s keys. */
  public static ObjectNode metrics(BenchMetrics m) {
    ObjectNode o = JSON.createObjectNode();
    metrics(o, m);
    return o;
  }

  static void metrics(ObjectNode o, BenchMetrics m) {
    o.put("completed", m.completed());
    o.put("failed", m.failed());
    o.put("duration", m.durationS());
    o.put("total_input_tokens", m.totalInputTokens());
    o.put("total_output_tokens", m.totalOutputTokens());
    o.put("request_throughput", m.requestThroughput());
    o.put("request_goodput", m.requestGoodput());
    o.put("output_throughput", m.outputThroughput());
    o.put("total_token_throughput", m.totalTokenThroughput());
    Map<String, Distribution> d =
        Map.of("ttft", m.ttftMs(), "tpot", m.tpotMs(), "itl", m.itlMs(), "e2el", m.e2elMs());
    for (String k : LATENCIES) {
      Distribution x = d.get(k);
      o.put("mean_" + k + "_ms", x.mean());
      o.put("median_" + k + "_ms", x.median());
      o.put("std_" + k + "_ms", x.std());
      o.put("p90_" + k + "_ms", x.p90());
      o.put("p99_" + k + "_ms", x.p99());
    }
    ObjectNode errors = o.putObject("errors");
    m.errors().forEach(errors::put);
  }

  /** Reads a saved result. */
  public static JsonNode read(java.nio.file.Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  public static String pretty(JsonNode n) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
