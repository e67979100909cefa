package io.aimengine.operator.endpoint;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asks for. Absent fields mean "let the planner decide". The schema's patterns and
 * rules are enforced by a real API server; the reconciler checks the same rules again ({@link
 * SpecValidator}) because nothing guarantees the server did (older servers, mocks).
 */
@ValidationRule(
    value = "!(has(self.servingEngine) && has(self.servingEngines))",
    message = "set servingEngine or servingEngines, not both")
public class AIMEndpointSpec {
  /** Hugging Face model id ("Qwen/Qwen3-32B"). */
  @Required
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
  public String model;

  /** GPU model to run on ("MI300X"); absent: the GPU model with the most GPUs on one node. */
  public String hardware;

  /** auto, bf16, fp16, fp8, int8, int4 or fp4. */
  @Pattern("^(auto|bf16|fp16|fp8|int8|int4|fp4)$")
  public String precision;

  /** GPUs per replica (1, 2, 4 or 8); absent: the smallest count at which a recipe fits. */
  @Min(1)
  @Max(8)
  @ValidationRule(value = "self in [1, 2, 4, 8]", message = "gpuCount must be 1, 2, 4 or 8")
  public Integer gpuCount;

  /** vllm (default) or sglang. */
  @Pattern("^(vllm|sglang)$")
  public String servingEngine;

  /** Both engines behind one Service (each its own Deployment). */
  @Size(max = 2)
  public List<String> servingEngines;

  /** An AIMRecipe name or a catalog recipe id to use exactly. */
  public String recipeRef;

  /** Replicas when autoscaling is off (default 1). */
  @Min(0)
  public Integer replicas;

  public AutoScaling autoScaling;

  /** Engine arguments added to or overriding the recipe's, as {@code --arg KEY=VALUE}. */
  public Map<String, String> customArgs = new LinkedHashMap<>();

  public Overrides overrides;

  public Cache cache;

  public Service service;

  public Monitoring monitoring;

  /** Autoscaling on the engine's queue metric (KEDA) or through an HPA. */
  @ValidationRule(
      value =
          "!has(self.maxReplicas) || !has(self.minReplicas) || self.maxReplicas >= self.minReplicas",
      message = "maxReplicas must be >= minReplicas")
  public static class AutoScaling {
    public Boolean enabled;

    @Min(1)
    public Integer minReplicas;

    @Min(1)
    public Integer maxReplicas;

    /** keda (default) or hpa. */
    @Pattern("^(keda|hpa)$")
    public String backend;

    /** num_requests_waiting (default) or num_requests_running. */
    @Pattern("^(num_requests_waiting|num_requests_running)$")
    public String metric;

    /** Target value of the metric per replica (default "5"). */
    public String target;

    /** Prometheus server KEDA queries (default http://prometheus-operated.monitoring:9090). */
    public String prometheusAddress;
  }

  /** Escape hatches over what the plan decides. */
  public static class Overrides {
    public String image;
    public List<EnvVar> env;
    public ResourceRequirements resources;
    public Map<String, String> nodeSelector;
    public List<Toleration> tolerations;

    /** Size of the memory-backed /dev/shm (default 16Gi). */
    public String shmSize;

    /** How long the model may take to load before the pod is restarted (default 1800). */
    @Min(60)
    public Integer startupTimeoutSeconds;

    /** Secret holding the Hugging Face token under key {@code token} (default hf-token). */
    public String hfTokenSecret;
  }

  /** Model cache: a PVC filled by a download Job before the engines start. */
  public static class Cache {
    public Boolean enabled;

    /** Use an existing AIMCache instead of creating one. */
    public String cacheRef;

    public String storageClassName;

    /** PVC size (default: the model's weights plus headroom, else 100Gi). */
    public String size;
  }

  /** The Service in front of the engines. */
  public static class Service {
    @Pattern("^(ClusterIP|NodePort|LoadBalancer)$")
    public String type;

    @Min(1)
    @Max(65535)
    public Integer port;
  }

  /** Prometheus scraping. */
  public static class Monitoring {
    /** Create a ServiceMonitor when the Prometheus operator's CRD exists. */
    public Boolean serviceMonitor;
  }
}
