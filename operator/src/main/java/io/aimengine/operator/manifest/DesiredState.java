package io.aimengine.operator.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one AIMEndpoint should own, in apply order: cache PVC → download Job → cluster recipes
 * ConfigMap (AIMRecipes the plans use, for the pods' catalog) → one Deployment per engine → Service
 * → autoscaler → ServiceMonitor. Absent parts are null.
 */
public record DesiredState(
    PersistentVolumeClaim cachePvc,
    Job downloadJob,
    ConfigMap recipes,
    List<Deployment> deployments,
    Service service,
    List<GenericKubernetesResource> kedaObjects,
    List<HorizontalPodAutoscaler> hpas,
    GenericKubernetesResource serviceMonitor) {

  public DesiredState {
    deployments = List.copyOf(deployments);
    kedaObjects = List.copyOf(kedaObjects);
    hpas = List.copyOf(hpas);
  }

  /** Every object, in apply order. */
  public List<HasMetadata> all() {
    List<HasMetadata> out = new ArrayList<>();
    if (cachePvc != null) {
      out.add(cachePvc);
    }
    if (downloadJob != null) {
      out.add(downloadJob);
    }
    if (recipes != null) {
      out.add(recipes);
    }
    out.addAll(deployments);
    out.add(service);
    out.addAll(kedaObjects);
    out.addAll(hpas);
    if (serviceMonitor != null) {
      out.add(serviceMonitor);
    }
    return out;
  }
}
