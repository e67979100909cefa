package io.aimengine.operator.recipe;

import io.aimengine.core.catalog.Problem;
import io.aimengine.operator.condition.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validates each AIMRecipe with the catalog's own validator and keeps the operator's {@link
 * ClusterCatalog} in step: a valid recipe joins it, an invalid or deleted one leaves it. Condition
 * {@code Valid} carries the validator's messages.
 */
@ControllerConfiguration(name = RecipeReconciler.NAME)
public final class RecipeReconciler implements Reconciler<AIMRecipe>, Cleaner<AIMRecipe> {
  public static final String NAME = "aimrecipe";

  private final ClusterCatalog catalog;
  private final RecipeCheck check;
  private final Clock clock;

  public RecipeReconciler(ClusterCatalog catalog, RecipeCheck check, Clock clock) {
    this.catalog = catalog;
    this.check = check;
    this.clock = clock;
  }

  @Override
  public UpdateControl<AIMRecipe> reconcile(AIMRecipe r, Context<AIMRecipe> context) {
    String name = r.getMetadata().getName();
    RecipeCheck.Result result = check.check(name, r.getSpec());
    AIMRecipeStatus old = r.getStatus() == null ? new AIMRecipeStatus() : r.getStatus();
    String before = Serialization.asJson(old);
    long generation = r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
    Conditions cond = new Conditions(old.conditions, generation, clock);
    AIMRecipeStatus st = new AIMRecipeStatus();
    st.observedGeneration = generation;
    st.problems = result.problems().stream().map(RecipeReconciler::line).toList();
    if (result.valid()) {
      catalog.put(name, result.recipe(), result.profile());
      st.recipeId = result.recipe().id();
      long warnings = result.problems().size();
      cond.set(
          "Valid",
          true,
          "Validated",
          warnings == 0 ? "valid" : "valid with " + warnings + " warning(s)");
    } else {
      catalog.remove(name);
      st.recipeId = result.recipe() == null ? null : result.recipe().id();
      List<String> errors =
          result.problems().stream().filter(Problem::isError).map(RecipeReconciler::line).toList();
      cond.set("Valid", false, "InvalidRecipe", errors.stream().collect(Collectors.joining("; ")));
    }
    st.conditions = cond.list();
    if (Serialization.asJson(st).equals(before)) {
      return UpdateControl.noUpdate();
    }
    r.setStatus(st);
    return UpdateControl.patchStatus(r);
  }

  @Override
  public DeleteControl cleanup(AIMRecipe r, Context<AIMRecipe> context) {
    catalog.remove(r.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  private static String line(Problem p) {
    return p.severity().label() + " " + (p.field().isEmpty() ? "" : p.field() + ": ") + p.message();
  }
}
