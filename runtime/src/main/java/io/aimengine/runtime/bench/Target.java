package io.aimengine.runtime.bench;

import io.aimengine.runtime.store.Endpoint;
import java.util.List;

/**
 * What was benchmarked: an endpoint of ours (name, engine, recipe, plan) or a bare URL (the rest
 * null).
 *
 * @param planJson the endpoint's plan as the store keeps it, so results say which recipe they
 *     measured
 */
public record Target(
    String name,
    String url,
    String engine,
    String model,
    String servedModel,
    String recipeId,
    String gpu,
    List<String> argv,
    String planJson) {
  public Target {
    argv = argv == null ? List.of() : List.copyOf(argv);
  }

  public static Target url(String url, String model) {
    return new Target(null, url, null, model, model, null, null, List.of(), null);
  }

  /** One of our endpoints, as the store has it. */
  public static Target of(Endpoint e) {
    return new Target(
        e.name(),
        e.url(),
        e.engine(),
        e.model(),
        e.servedModel(),
        e.recipeId(),
        e.gpus().isEmpty() ? "CPU" : e.gpus().size() + "x" + e.gpuModel(),
        e.argv(),
        e.planJson());
  }
}
