package io.aimengine.operator.endpoint;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Precision;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * An {@link AIMEndpointSpec} after validation, with every default applied. Built only by {@link
 * SpecValidator}; the reconciler and {@code aim-engine k8s render} both start from it.
 *
 * @param model Hugging Face id
 * @param hardware canonical GPU model, null to choose from the inventory
 * @param precision null for auto
 * @param gpuCount null to choose
 * @param engines one or two engines, the first one the primary
 * @param recipeRef AIMRecipe name or catalog id, null to choose
 * @param replicas replicas when not autoscaled
 * @param autoScaling null when disabled
 * @param customArgs canonical flag names (no dashes) → value, null for a bare flag
 */
public record EndpointIntent(
    String model,
    String hardware,
    Precision precision,
    Integer gpuCount,
    List<EngineKind> engines,
    String recipeRef,
    int replicas,
    AutoScaling autoScaling,
    Map<String, Object> customArgs,
    Overrides overrides,
    Cache cache,
    String serviceType,
    int servicePort,
    boolean serviceMonitor) {

  /** Queue-metric autoscaling. */
  public record AutoScaling(
      int minReplicas,
      int maxReplicas,
      String backend,
      String metric,
      String target,
      String prometheusAddress) {}

  /** Pod-level overrides with defaults applied. */
  public record Overrides(
      String image,
      List<EnvVar> env,
      ResourceRequirements resources,
      Map<String, String> nodeSelector,
      List<Toleration> tolerations,
      Quantity shmSize,
      int startupTimeoutSeconds,
      String hfTokenSecret) {}

  /** Model cache; null when disabled. */
  public record Cache(String cacheRef, String storageClassName, Quantity size) {}
}
