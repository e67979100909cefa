package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.engine.EngineKind;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine recipes list [MODEL] [--gpu GPU] [--engine E] [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List recipes: one model's (its own and custom ones; a variant id lists the recipes serving"
          + " that variant), or the whole catalog including the general fallbacks."
    })
public final class RecipesListCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "MODEL", description = "Hugging Face model id.")
  String model;

  @Option(names = "--gpu", paramLabel = "GPU", description = "Only recipes for this GPU model.")
  String gpu;

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description = "Only recipes for this engine: vllm, sglang, llamacpp.")
  String engine;

  @Option(names = "--json", description = "Print the recipes as JSON (docs/recipes.md).")
  boolean json;

  public RecipesListCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    Catalog catalog = app.catalog();
    String gpuName = gpu == null ? null : canonicalGpu(gpu);
    EngineKind engineKind = engine == null ? null : EngineKind.parse(engine, "--engine");
    List<Recipe> recipes =
        (model == null ? catalog.allRecipes() : catalog.recipesFor(model))
            .stream()
                .filter(r -> gpuName == null || r.gpu().equals(gpuName))
                .filter(r -> engineKind == null || r.engine() == engineKind)
                .sorted(Comparator.comparing(Recipe::id))
                .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, recipes.stream().map(RecipeViews::summary).toList());
      return 0;
    }
    if (recipes.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "aim-engine: no recipes"
              + (model == null ? "" : " for " + model)
              + (gpuName == null ? "" : " on " + gpuName)
              + (engineKind == null ? "" : " for " + engineKind.label())
              + (model == null ? "" : "; the planner falls back to the general recipes"));
      err.flush();
      return 0;
    }
    Table t = new Table("ID", "ENGINE", "GPU", "COUNT", "PRECISION", "METRIC", "TYPE", "MANUAL");
    for (Recipe r : recipes) {
      t.row(
          r.id(),
          r.engine().label(),
          r.gpu(),
          r.gpuCount(),
          r.precision().label(),
          r.metric().label(),
          r.type().label(),
          r.manualSelectionOnly() ? "yes" : "no");
    }
    t.print(out);
    return 0;
  }

  private String canonicalGpu(String name) {
    if (name.equalsIgnoreCase("CPU")) {
      return "CPU";
    }
    return app.gpus()
        .find(name)
        .map(s -> s.name())
        .orElseThrow(
            () ->
                AimException.invalid(
                    "--gpu: unknown GPU model '"
                        + name
                        + "'; known: CPU, "
                        + String.join(", ", app.gpus().names())));
  }
}
