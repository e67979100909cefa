package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Measurement;
import io.aimengine.core.catalog.Problem;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.engine.RecipeFlags;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine recipes show ID [--json]}: one recipe, its flags as rendered, its problems. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show one recipe: metadata, engine arguments, environment, source file, the exact engine"
          + " flags it renders to, and what validation says about it. Exit 3 when no recipe has"
          + " the id."
    })
public final class RecipesShowCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "ID",
      description =
          "Recipe id, e.g. Qwen/Qwen3-32B/vllm-mi300x-fp8-tp1-latency (see recipes list).")
  String id;

  @Option(names = "--json", description = "Print the recipe as JSON (docs/recipes.md).")
  boolean json;

  public RecipesShowCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    Recipe r =
        app.catalog()
            .recipe(id)
            .orElseThrow(
                () ->
                    AimException.notFound(
                        "no recipe with id '" + id + "'; see 'aim-engine recipes list'"));
    List<String> flags = RecipeFlags.of(r);
    List<Problem> problems = app.recipeValidator().validate(r);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(RecipeViews.summary(r));
      m.put("format", r.source().format().name().toLowerCase(java.util.Locale.ROOT));
      m.put("entry", r.source().entry());
      m.put("engine_args", r.engineArgs());
      m.put("env", r.env());
      m.put("flags", flags);
      m.put("measured", r.measured() == null ? null : measured(r.measured()));
      m.put("problems", problems.stream().map(RecipesValidateCommand::problem).toList());
      Json.print(out, m);
      return 0;
    }
    row(out, "Recipe", r.id());
    if (r.modelId() != null) {
      row(
          out,
          "Model",
          r.modelId()
              + (r.servedModel() != null && !r.servedModel().equals(r.modelId())
                  ? " (serves " + r.servedModel() + ")"
                  : ""));
    } else {
      row(out, "Model", "any (general fallback)");
    }
    row(
        out,
        "Engine",
        r.engine().label() + (r.engineVersion() == null ? "" : " " + r.engineVersion()));
    row(out, "GPUs", r.gpuCount() + " x " + r.gpu());
    row(out, "Precision", r.precision().label());
    row(out, "Metric", r.metric().label());
    row(
        out,
        "Type",
        r.type().label() + (r.manualSelectionOnly() ? " (manual selection only)" : ""));
    row(
        out,
        "File",
        r.source().file() + (r.source().entry() == null ? "" : " [" + r.source().entry() + "]"));
    if (r.measured() != null) {
      printMeasured(out, r.measured());
    }
    out.println("Engine args");
    if (r.engineArgs().isEmpty()) {
      out.println("  (none)");
    }
    r.engineArgs()
        .forEach((k, v) -> out.println("  " + k + ": " + (v == null ? "(bare flag)" : v)));
    out.println("Environment");
    if (r.env().isEmpty()) {
      out.println("  (none)");
    }
    r.env().forEach((k, v) -> out.println("  " + k + "=" + v));
    out.println("Flags");
    out.println("  " + (flags.isEmpty() ? "(none)" : ShellQuote.join(flags)));
    if (!problems.isEmpty()) {
      out.println("Problems");
      problems.forEach(
          p ->
              out.println(
                  "  "
                      + p.severity().label()
                      + ": "
                      + (p.field().isEmpty() ? "" : p.field() + ": ")
                      + p.message()));
    }
    out.flush();
    return 0;
  }

  /** The {@code metadata.measured} block: where, on what, and the figures. */
  static void printMeasured(PrintWriter out, Measurement m) {
    out.println("Measured");
    out.println("  hardware   " + m.hardware());
    out.println("  engine     " + m.engineVersion());
    out.println("  date       " + m.date());
    out.println("  workload   " + m.workloadText());
    out.println(
        "  objective  "
            + m.objective().label()
            + " ("
            + Measurement.figureKey(m.objective())
            + ")");
    int w = m.figures().keySet().stream().mapToInt(String::length).max().orElse(0);
    m.figures()
        .forEach(
            (k, v) ->
                out.printf(
                    java.util.Locale.ROOT,
                    "  %-" + w + "s  %s%n",
                    k,
                    v == Math.rint(v) && Math.abs(v) < 1e15
                        ? String.valueOf(v.longValue())
                        : String.format(java.util.Locale.ROOT, "%.3f", v)));
  }

  static Map<String, Object> measured(Measurement m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("hardware", m.hardware());
    o.put("engine_version", m.engineVersion());
    o.put("date", m.date());
    o.put("workload", m.workload().isEmpty() ? m.workloadText() : m.workload());
    o.put("objective", m.objective().label());
    o.put("figure", Measurement.figureKey(m.objective()));
    o.put("figures", m.figures());
    return o;
  }

  private static void row(PrintWriter out, String k, String v) {
    out.printf("%-10s %s%n", k, v);
  }
}
