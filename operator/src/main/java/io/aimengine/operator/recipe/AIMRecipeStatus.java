package io.aimengine.operator.recipe;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Validation result of one AIMRecipe. */
public class AIMRecipeStatus {
  public Long observedGeneration;

  /** The id endpoints name in recipeRef and see in status.plan.recipe. */
  public String recipeId;

  /** Condition Valid, with the validator's messages when False. */
  public List<Condition> conditions = new ArrayList<>();

  /** Every problem the validator found ("error engine_args.foo: ..."). */
  public List<String> problems = new ArrayList<>();
}
