package io.aimengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.runtime.bench.BenchStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine bench compare A B}: two saved results side by side, for each load level both
 * ran, with B's change relative to A.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two saved benchmark results (an id, its prefix, an endpoint name for its latest",
      "run, or a JSON file): each metric at each load level both ran, and B's change."
    })
public final class BenchCompareCommand implements Callable<Integer> {
  /** The metrics compared, with whether a larger value is better. */
  static final Map<String, Boolean> METRICS = metrics();

  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A")
  String a;

  @Parameters(index = "1", paramLabel = "B")
  String b;

  @Option(names = "--json", description = "Print the comparison as JSON.")
  boolean json;

  public BenchCompareCommand(App app) {
    this.app = app;
  }

  private static Map<String, Boolean> metrics() {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("request_throughput", true);
    m.put("request_goodput", true);
    m.put("output_throughput", true);
    for (String k : List.of("ttft", "tpot", "itl", "e2el")) {
      m.put("mean_" + k + "_ms", false);
      m.put("median_" + k + "_ms", false);
      m.put("p99_" + k + "_ms", false);
    }
    return m;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BenchStore store = new BenchStore(app.settings().aimHome());
    JsonNode ra = store.load(a);
    JsonNode rb = store.load(b);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode runA : ra.path("runs")) {
      JsonNode runB = match(runA, rb);
      if (runB == null) {
        continue;
      }
      String level = level(runA);
      for (var e : METRICS.entrySet()) {
        double va = runA.path(e.getKey()).asDouble();
        double vb = runB.path(e.getKey()).asDouble();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("axis", runA.path("axis").asText());
        row.put("level", level);
        row.put("metric", e.getKey());
        row.put("a", va);
        row.put("b", vb);
        row.put("change_pct", va == 0 ? null : (vb - va) / va * 100);
        row.put("better", va == vb ? "same" : (vb > va) == e.getValue() ? "b" : "a");
        rows.add(row);
      }
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("a", ra.path("id").asText());
      doc.put("b", rb.path("id").asText());
      doc.put("rows", rows);
      Json.print(out, doc);
      return 0;
    }
    out.println("A: " + describe(ra));
    out.println("B: " + describe(rb));
    if (rows.isEmpty()) {
      out.println("No load level in common: nothing to compare.");
      out.flush();
      return 3;
    }
    Table t = new Table("LEVEL", "METRIC", "A", "B", "CHANGE", "BETTER");
    for (Map<String, Object> r : rows) {
      Object pct = r.get("change_pct");
      t.row(
          r.get("axis") + " " + r.get("level"),
          r.get("metric"),
          BenchView.n((Double) r.get("a")),
          BenchView.n((Double) r.get("b")),
          pct == null ? "-" : String.format(java.util.Locale.ROOT, "%+.1f%%", (Double) pct),
          r.get("better"));
    }
    t.print(out);
    return 0;
  }

  private static String describe(JsonNode r) {
    JsonNode t = r.path("target");
    return r.path("id").asText()
        + " — "
        + (t.path("name").isTextual() ? t.path("name").asText() : t.path("url").asText())
        + (t.path("recipe").isTextual() ? ", recipe " + t.path("recipe").asText() : "");
  }

  private static String level(JsonNode run) {
    return run.path("axis").asText().equals("rate")
        ? BenchView.n(run.path("request_rate").asDouble())
        : String.valueOf(run.path("max_concurrency").asInt());
  }

  private static JsonNode match(JsonNode run, JsonNode other) {
    for (JsonNode o : other.path("runs")) {
      if (o.path("axis").asText().equals(run.path("axis").asText())
          && level(o).equals(level(run))) {
        return o;
      }
    }
    return null;
  }
}
