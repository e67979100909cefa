package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.AimVersion;
import io.aimengine.core.ExitCode;
import io.aimengine.core.catalog.CatalogValidator;
import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.core.catalog.Problem;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.ModelIds;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.tune.MeasuredRecipe;
import io.aimengine.runtime.tune.TrialResult;
import io.aimengine.runtime.tune.TuneResult;
import io.aimengine.runtime.tune.TuneWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code tune}'s winner as a measured recipe into the user's recipe directory, {@code
 * AIM_HOME/recipes/<org>/<model>/} ({@code AIM_HOME/recipes/local/<name>/} for a local model path),
 * which the planner reads before the built-in catalog. The file is written whole (temporary file,
 * then a rename) and validated as {@code recipes validate} would; a file the validator refuses is
 * removed again.
 */
final class TuneRecipes {
  private TuneRecipes() {}

  /** The file written and the recipe id the planner knows it by. */
  record Written(Path path, String recipeId) {}

  static Written write(
      App app, PlanRequest base, TrialResult winner, TuneResult result, TuneWorkload w, int tried) {
    Plan p = winner.plan();
    String model = base.model();
    boolean local = model.startsWith("/");
    String modelId =
        local
            ? model
            : app.catalog()
                .model(ModelIds.repo(model))
                .map(ModelEntry::id)
                .orElse(ModelIds.repo(model));
    String dir = local ? FileCatalog.localRecipeDir(model) : modelId;
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String slo = result.objective().slo().toString();
    MeasuredRecipe recipe =
        new MeasuredRecipe(
            p.recipe(),
            modelId,
            local || ModelFactsResolver.isLocal(p.servedModel()) ? model : p.servedModel(),
            result.objective().metric(),
            hardware(app, p),
            engineVersion(app, p),
            date,
            w.asMap(),
            slo,
            MeasuredRecipe.figures(winner.full(), !result.objective().slo().isEmpty()),
            String.format(
                Locale.ROOT,
                "Written by aim-engine tune on %s: the best of %d configurations for %s (%s %.2f),%n"
                    + "configuration %d: %s; started from %s.%n"
                    + "Tune again to replace it; delete it to plan without it.",
                date,
                tried,
                result.objective().metric(),
                result.objective().figure(),
                winner.score(),
                winner.config().index(),
                winner.config().label(),
                p.recipe().id()));
    Path root = app.settings().aimHome().resolve("recipes");
    Path target = root.resolve(dir).resolve(recipe.fileName());
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".tune-", ".tmp");
      try {
        Files.writeString(tmp, recipe.yaml());
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw AimException.failure(
          "cannot write the measured recipe " + target + ": " + e.getMessage());
    }
    CatalogValidator.Report report = app.catalogValidator().validate(List.of(target));
    List<Problem> errors = report.problems().stream().filter(Problem::isError).toList();
    if (!errors.isEmpty()) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        // the message below says what was wrong; the file is best removed, not required to be
      }
      throw new AimException(
          ExitCode.INTERNAL,
          "the measured recipe tune wrote does not validate, removed: "
              + errors.get(0).field()
              + ": "
              + errors.get(0).message());
    }
    String stem = recipe.fileName().substring(0, recipe.fileName().length() - ".yaml".length());
    return new Written(target, dir + "/" + stem);
  }

  /** {@code 2x MI300X}, or {@code CPU: <model>, N threads}. */
  static String hardware(App app, Plan p) {
    if (p.gpuCount() > 0) {
      return p.gpuCount() + "x " + p.gpuModel();
    }
    var cpu = app.inventory().cpu();
    return io.aimengine.core.catalog.Measurement.cpuHardware(cpu.model(), cpu.cores());
  }

  /** The plan's engine version; for llama.cpp without one, the server that ran. */
  static String engineVersion(App app, Plan p) {
    if (p.engineVersion() != null
        && io.aimengine.core.engine.EngineVersion.find(p.engineVersion()).isPresent()) {
      return p.engineVersion();
    }
    if (p.engine() == EngineKind.LLAMACPP) {
      boolean own =
          new io.aimengine.runtime.endpoint.EngineCommands(
                  app.settings(), App.defaultLlamaServerJar())
              .prefix(EngineKind.LLAMACPP).stream()
                  .anyMatch(a -> a.endsWith("aim-llama-server.jar"));
      return own ? "aim-llama-server " + AimVersion.get() : "llama-server (build not known)";
    }
    return "unknown";
  }
}
