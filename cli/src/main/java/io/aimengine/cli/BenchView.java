package io.aimengine.cli;

import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.Distribution;
import io.aimengine.runtime.bench.BenchResult;
import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.bench.RunResult;
import java.io.PrintWriter;
import java.util.Locale;

/** The human table of a {@link BenchResult}: one row per load level. */
final class BenchView {
  private BenchView() {}

  static void table(PrintWriter out, BenchResult r) {
    var t = r.target();
    out.println(
        "Benchmark of "
            + (t.name() != null ? t.name() + " (" + t.url() + ")" : t.url())
            + ", model "
            + t.servedModel()
            + (t.recipeId() == null ? "" : ", recipe " + t.recipeId()));
    out.println(
        "Workload: "
            + r.api().name().toLowerCase(Locale.ROOT)
            + ", "
            + (r.promptFile() != null
                ? "prompts from " + r.promptFile()
                : r.inputTokens() + " input / " + r.outputTokens() + " output tokens")
            + (r.slo().isEmpty() ? "" : ", goodput SLO " + r.slo())
            + ". Latencies in ms (mean / p50 / p90 / p99).");
    String axis = r.runs().get(0).load().axis().toUpperCase(Locale.ROOT);
    boolean goodput = !r.slo().isEmpty();
    Table tab =
        goodput
            ? new Table(
                axis,
                "OK",
                "FAILED",
                "REQ/S",
                "GOODPUT",
                "OUT TOK/S",
                "TTFT",
                "TPOT",
                "ITL",
                "E2EL")
            : new Table(axis, "OK", "FAILED", "REQ/S", "OUT TOK/S", "TTFT", "TPOT", "ITL", "E2EL");
    for (RunResult run : r.runs()) {
      BenchMetrics m = run.metrics();
      String level =
          run.load() instanceof Load.Concurrency c
              ? String.valueOf(c.clients())
              : n(run.load().level());
      if (goodput) {
        tab.row(
            level,
            m.completed(),
            m.failed(),
            n(m.requestThroughput()),
            n(m.requestGoodput()),
            n(m.outputThroughput()),
            d(m.ttftMs()),
            d(m.tpotMs()),
            d(m.itlMs()),
            d(m.e2elMs()));
      } else {
        tab.row(
            level,
            m.completed(),
            m.failed(),
            n(m.requestThroughput()),
            n(m.outputThroughput()),
            d(m.ttftMs()),
            d(m.tpotMs()),
            d(m.itlMs()),
            d(m.e2elMs()));
      }
    }
    tab.print(out);
    for (RunResult run : r.runs()) {
      run.metrics()
          .errors()
          .forEach(
              (kind, count) ->
                  out.println(
                      "  "
                          + run.load().axis()
                          + " "
                          + n(run.load().level())
                          + ": "
                          + count
                          + " × "
                          + kind
                          + " — "
                          + run.firstErrors().get(kind)));
    }
  }

  static String d(Distribution x) {
    return x.count() == 0
        ? "-"
        : n(x.mean()) + " / " + n(x.median()) + " / " + n(x.p90()) + " / " + n(x.p99());
  }

  static String n(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.2f", v);
  }
}
