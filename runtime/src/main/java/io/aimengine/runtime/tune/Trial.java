package io.aimengine.runtime.tune;

import io.aimengine.core.plan.Plan;
import io.aimengine.runtime.bench.Target;

/**
 * One configuration running as an endpoint of ours while it is measured.
 *
 * @param name the endpoint's name
 * @param target what {@code bench} sends to
 * @param plan the plan it was launched from (its recipe carries the configuration's arguments)
 */
public record Trial(String name, Target target, Plan plan) {}
