package io.aimengine.operator.endpoint;

import io.aimengine.core.plan.Candidate;
import io.aimengine.core.plan.Plan;
import java.util.List;

/** The outcome of placing an endpoint on the cluster: plans, or the condition that says why not. */
public sealed interface Placement {

  /**
   * One plan per engine, all on one GPU model.
   *
   * @param plans in the intent's engine order
   */
  record Planned(List<Plan> plans) implements Placement {
    public Planned {
      plans = List.copyOf(plans);
    }
  }

  /**
   * Nothing can run.
   *
   * @param condition the condition that goes False (ConfigValid, InventoryAvailable or
   *     RecipeSelected)
   * @param reason its reason (InvalidSpec, NoGpuNodes, InsufficientGpus, NoMatchingRecipe,
   *     HardwareNotInCluster)
   * @param message one line naming the rule and the way out
   * @param candidates what the planner considered, when it got that far
   */
  record Unplaced(String condition, String reason, String message, List<Candidate> candidates)
      implements Placement {
    public Unplaced {
      candidates = List.copyOf(candidates);
    }
  }
}
