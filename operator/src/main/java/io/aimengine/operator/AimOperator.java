package io.aimengine.operator;

import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.operator.cache.CacheReconciler;
import io.aimengine.operator.cache.CacheSizer;
import io.aimengine.operator.endpoint.EndpointReconciler;
import io.aimengine.operator.recipe.ClusterCatalog;
import io.aimengine.operator.recipe.RecipeCheck;
import io.aimengine.operator.recipe.RecipeReconciler;
import io.aimengine.runtime.cache.HubClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.util.Optional;

/**
 * Wires the three reconcilers onto one JOSDK {@link Operator}. Status patches and owned objects go
 * through JSON patch / PUT rather than server-side apply, which works on every API server
 * (including fabric8's mock) and keeps our writes to the fields we own.
 */
public final class AimOperator implements AutoCloseable {
  private final Operator operator;
  private final ClusterCatalog catalog;

  /**
   * @param base the shipped catalog (AIMRecipes are added on top)
   * @param image the AIM Engine image pods and download Jobs run
   * @param metrics where reconcile counts go ({@link Metrics#NOOP} for none)
   */
  public AimOperator(
      KubernetesClient client, Catalog base, String image, Metrics metrics, Clock clock) {
    this(client, base, image, metrics, clock, Optional.empty(), "no Hugging Face Hub configured");
  }

  /**
   * @param hub where AIMCaches without a size are looked up; empty: never (see {@code hubWhy})
   * @param hubWhy why there is no Hub, shown where an AIMCache's size had to be estimated
   */
  public AimOperator(
      KubernetesClient client,
      Catalog base,
      String image,
      Metrics metrics,
      Clock clock,
      Optional<HubClient> hub,
      String hubWhy) {
    GpuCatalog gpus = GpuCatalog.builtIn();
    this.catalog = new ClusterCatalog(base);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false)
                    .withMetrics(metrics)
                    .withStopOnInformerErrorDuringStartup(true));
    operator.register(new RecipeReconciler(catalog, new RecipeCheck(gpus, base), clock));
    operator.register(
        new CacheReconciler(
            new CacheSizer(hub, hubWhy, new ModelFactsResolver(catalog)), image, clock));
    operator.register(new EndpointReconciler(gpus, catalog, image, clock));
  }

  public void start() {
    operator.start();
  }

  public ClusterCatalog catalog() {
    return catalog;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
