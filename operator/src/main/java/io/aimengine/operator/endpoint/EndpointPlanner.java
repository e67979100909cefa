package io.aimengine.operator.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.plan.Candidate;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.NoFeasiblePlanException;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.plan.Planner;
import io.aimengine.operator.inventory.ClusterInventory;
import io.aimengine.operator.recipe.ClusterCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places an endpoint: core's {@link Planner} run against one node's worth of each GPU model the
 * cluster has (a replica never spans nodes), best model first, first feasible plan wins. The second
 * engine of a two-engine endpoint is planned on the first one's GPU model and count. Thread-safe
 * when the catalog is.
 */
public final class EndpointPlanner {
  private final GpuCatalog gpus;
  private final Planner planner;
  private final Catalog catalog;
  private final ModelFactsResolver facts;

  public EndpointPlanner(GpuCatalog gpus, Catalog catalog) {
    this.gpus = gpus;
    this.planner = new Planner(gpus);
    this.catalog = catalog;
    this.facts = new ModelFactsResolver(catalog);
  }

  public Placement place(EndpointIntent intent, ClusterInventory inventory) {
    if (!inventory.hasGpus()) {
      return new Placement.Unplaced(
          "InventoryAvailable",
          "NoGpuNodes",
          "no schedulable node offers amd.com/gpu or nvidia.com/gpu"
              + (inventory.skipped().isEmpty()
                  ? ""
                  : " (skipped: " + String.join(", ", inventory.skipped()) + ")"),
          List.of());
    }
    Map<String, Integer> max = inventory.maxPerNode();
    List<String> models;
    if (intent.hardware() != null) {
      if (!max.containsKey(intent.hardware())) {
        return new Placement.Unplaced(
            "RecipeSelected",
            "HardwareNotInCluster",
            "spec.hardware "
                + intent.hardware()
                + " is on no schedulable node; the cluster has "
                + max,
            List.of());
      }
      models = List.of(intent.hardware());
    } else {
      models = inventory.modelsByPreference();
    }
    if (intent.gpuCount() != null
        && models.stream().allMatch(m -> max.get(m) < intent.gpuCount())) {
      return new Placement.Unplaced(
          "RecipeSelected",
          "InsufficientGpus",
          "spec.gpuCount "
              + intent.gpuCount()
              + " exceeds what any one node offers "
              + max
              + "; lower gpuCount or add a bigger node",
          List.of());
    }
    ModelFacts modelFacts = facts.resolve(intent.model());
    String recipeId = recipeId(intent.recipeRef());
    List<String> failures = new ArrayList<>();
    List<Candidate> lastCandidates = List.of();
    boolean tooSmall = false;
    for (String model : models) {
      if (intent.gpuCount() != null && max.get(model) < intent.gpuCount()) {
        failures.add(model + ": " + max.get(model) + " per node < gpuCount " + intent.gpuCount());
        continue;
      }
      try {
        List<Plan> plans = new ArrayList<>();
        Plan first =
            plan(
                intent,
                intent.engines().get(0),
                recipeId,
                intent.gpuCount(),
                model,
                inventory,
                modelFacts);
        plans.add(first);
        for (EngineKind e : intent.engines().subList(1, intent.engines().size())) {
          plans.add(plan(intent, e, null, first.gpuCount(), model, inventory, modelFacts));
        }
        return new Placement.Planned(plans);
      } catch (NoFeasiblePlanException e) {
        failures.add(model + ": " + e.getMessage());
        lastCandidates = e.candidates();
        tooSmall |=
            e.candidates().stream().anyMatch(c -> c.verdict() == Candidate.Verdict.DOES_NOT_FIT);
      } catch (AimException e) {
        if (e.exitCode() == ExitCode.INVALID_INPUT) {
          return new Placement.Unplaced(
              "ConfigValid", "InvalidSpec", fieldFor(e.getMessage()), List.of());
        }
        failures.add(model + ": " + e.getMessage());
      }
    }
    return new Placement.Unplaced(
        "RecipeSelected",
        tooSmall ? "InsufficientGpus" : "NoMatchingRecipe",
        String.join("; ", failures),
        lastCandidates);
  }

  private Plan plan(
      EndpointIntent intent,
      EngineKind engine,
      String recipeId,
      Integer count,
      String model,
      ClusterInventory inventory,
      ModelFacts modelFacts) {
    PlanRequest request =
        new PlanRequest(
            intent.model(), count, intent.precision(), engine, null, recipeId, intent.customArgs());
    return planner.plan(
        request, inventory.plannerInventory(model, gpus), Set.of(), catalog, modelFacts);
  }

  /** An AIMRecipe name maps to its recipe id; anything else is taken as a catalog id. */
  private String recipeId(String ref) {
    if (ref == null) {
      return null;
    }
    if (catalog instanceof ClusterCatalog c) {
      return c.idOfResource(ref).orElse(ref);
    }
    return ref;
  }

  /** The planner speaks in CLI flags; name the spec field instead. */
  static String fieldFor(String message) {
    if (message.startsWith("--arg ")) {
      return "spec.customArgs: " + message.substring("--arg ".length());
    }
    if (message.startsWith("--recipe")) {
      return "spec.recipeRef" + message.substring("--recipe".length());
    }
    return message;
  }
}
