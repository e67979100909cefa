package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.tune.Knob;
import io.aimengine.core.tune.Objective;
import io.aimengine.core.tune.SearchSpace;
import io.aimengine.core.tune.TuneConfig;
import io.aimengine.runtime.bench.BenchJson;
import io.aimengine.runtime.tune.TrialResult;
import io.aimengine.runtime.tune.TuneResult;
import io.aimengine.runtime.tune.TuneWorkload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code tune}'s output: the dry run's configurations, the result table, the JSON object. */
final class TuneView {
  private TuneView() {}

  static void dryRun(
      PrintWriter out,
      App app,
      PlanRequest base,
      PlanOptions.HardwareOverride hardware,
      String runtime,
      Plan basePlan,
      SearchSpace space,
      List<TuneConfig> configs,
      Objective objective,
      TuneWorkload workload,
      boolean json) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TuneConfig c : configs) {
      Map<String, Object> row = config(c);
      try {
        Plan p = app.plan(TuneTrials.request(base, c), hardware, runtime);
        row.put("recipe", p.recipe().id());
        row.put("error", null);
      } catch (AimException e) {
        row.put("recipe", null);
        row.put("error", firstLine(e.getMessage()));
      }
      rows.add(row);
    }
    if (json) {
      Map<String, Object> m = head(base, basePlan, objective, workload);
      List<Map<String, Object>> knobs = new ArrayList<>();
      for (Knob k : space.knobs()) {
        Map<String, Object> km = new LinkedHashMap<>();
        km.put("flag", k.flag());
        km.put("values", k.values());
        km.put("why", k.why());
        knobs.add(km);
      }
      m.put("knobs", knobs);
      m.put("notes", space.notes());
      m.put("configs", rows);
      Json.print(out, m);
      return;
    }
    out.printf(
        "Tune %s: %s %s, %d configurations; objective %s (%s)%s%n",
        base.model(),
        basePlan.engine(),
        version(basePlan),
        configs.size(),
        objective.metric(),
        objective.figure(),
        objective.slo().isEmpty() ? "" : ", SLO " + objective.slo());
    out.printf("  workload  %s%n", workloadText(workload));
    for (Knob k : space.knobs()) {
      out.printf("  %-24s %s  (%s)%n", k.flag(), String.join(", ", k.values()), k.why());
    }
    for (String n : space.notes()) {
      out.printf("  note: %s%n", n);
    }
    out.println();
    Table t = new Table("#", "CONFIGURATION", "PLAN");
    for (Map<String, Object> r : rows) {
      t.row(
          r.get("index"),
          r.get("label"),
          r.get("error") != null ? "not planned: " + r.get("error") : r.get("recipe"));
    }
    t.print(out);
  }

  static void table(PrintWriter out, TuneResult r, Path written, String recipeId) {
    Objective o = r.objective();
    out.printf(
        "Tuned for %s (%s%s) in %.1f s: %d configurations%n",
        o.metric(),
        o.figure(),
        o.slo().isEmpty() ? "" : ", SLO " + o.slo(),
        r.elapsed().toMillis() / 1000.0,
        r.trials().size());
    Table t =
        new Table(
            "#",
            "CONFIGURATION",
            "OUTCOME",
            o.figure().toUpperCase(Locale.ROOT),
            "REQ/S",
            "OUT TOK/S",
            "TTFT P50",
            "TPOT P50",
            "E2EL P50",
            "NOTE");
    for (TrialResult x : r.trials()) {
      BenchMetrics m = x.metrics();
      boolean win = r.winner().map(w -> w == x).orElse(false);
      t.row(
          x.config().index() + (win ? "*" : ""),
          x.config().label(),
          win ? "winner" : x.outcome().label(),
          Double.isNaN(x.score()) ? "-" : f(x.score()),
          m == null ? "-" : f(m.requestThroughput()),
          m == null ? "-" : f(m.outputThroughput()),
          m == null ? "-" : f(m.ttftMs().median()),
          m == null ? "-" : f(m.tpotMs().median()),
          m == null ? "-" : f(m.e2elMs().median()),
          x.reason() == null ? "" : x.reason());
    }
    t.print(out);
    if (written != null) {
      out.println("Winner written as " + recipeId + " (" + written + ")");
      String note = optimizedNote(r);
      out.println(
          note != null
              ? "  " + note
              : "  plan and launch of this model now prefer it on this hardware");
    }
    out.flush();
  }

  static Map<String, Object> json(
      PlanRequest base,
      Plan basePlan,
      TuneResult r,
      TuneWorkload workload,
      Path written,
      String recipeId) {
    Map<String, Object> m = head(base, basePlan, r.objective(), workload);
    m.put("elapsed_s", r.elapsed().toMillis() / 1000.0);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (TrialResult x : r.trials()) {
      Map<String, Object> c = config(x.config());
      c.put("outcome", x.outcome().label());
      c.put("reason", x.reason());
      c.put("score", Double.isNaN(x.score()) ? null : x.score());
      c.put("recipe", x.plan() == null ? null : x.plan().recipe().id());
      c.put("elapsed_s", x.elapsed().toMillis() / 1000.0);
      c.put("first_phase", x.screen() == null ? null : BenchJson.metrics(x.screen()));
      c.put("second_phase", x.full() == null ? null : BenchJson.metrics(x.full()));
      configs.add(c);
    }
    m.put("configs", configs);
    m.put("winner", r.winner().map(w -> w.config().index()).orElse(null));
    m.put("recipe_id", recipeId);
    m.put("recipe_path", written == null ? null : written.toString());
    m.put("note", written == null ? null : optimizedNote(r));
    return m;
  }

  /**
   * Said when the winner started from an optimized recipe: that one carries no figures the measured
   * recipe could beat, so plan keeps choosing it.
   */
  static String optimizedNote(TuneResult r) {
    return r.winner()
        .map(TrialResult::plan)
        .map(Plan::recipe)
        .filter(x -> x.type() == RecipeType.OPTIMIZED && x.measured() == null)
        .map(
            x ->
                "it started from the optimized recipe "
                    + x.id()
                    + ", which publishes no figures to compare with: plan keeps choosing that one;"
                    + " launch --recipe ID runs the measured one (docs/recipes.md)")
        .orElse(null);
  }

  private static Map<String, Object> head(
      PlanRequest base, Plan basePlan, Objective o, TuneWorkload workload) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", base.model());
    m.put("engine", basePlan.engine().label());
    m.put("engine_version", basePlan.engineVersion());
    m.put("objective", o.metric().label());
    m.put("figure", o.figure());
    m.put("slo", o.slo().toString());
    m.put("margin", o.margin());
    m.put("workload", workload.asMap());
    return m;
  }

  private static Map<String, Object> config(TuneConfig c) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("index", c.index());
    row.put("label", c.label());
    row.put("gpu_count", c.gpuCount());
    row.put("args", c.args());
    return row;
  }

  private static String version(Plan p) {
    return p.engineVersion() != null ? p.engineVersion() : "(version not pinned)";
  }

  static String workloadText(TuneWorkload w) {
    Map<String, Object> m = w.asMap();
    return m.get("api")
        + ", "
        + w.inputTokens()
        + " input / "
        + w.outputTokens()
        + " output tokens, "
        + (m.containsKey("concurrency")
            ? "concurrency " + m.get("concurrency")
            : m.get("rate") + " requests/s")
        + ", "
        + w.screenRequests()
        + (w.requests() > w.screenRequests() ? " + " + w.requests() : "")
        + " requests per configuration";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.2f", v);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
