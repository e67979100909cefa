package io.aimengine.operator.manifest;

import io.aimengine.core.engine.EngineAdapter;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.hardware.GpuVendor;
import io.aimengine.core.plan.Plan;
import io.aimengine.operator.endpoint.EndpointIntent;
import io.aimengine.operator.recipe.ClusterCatalog;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The desired state of one endpoint, built from the validated intent and the planner's plans. The
 * one code path behind both the reconciler and {@code aim-engine k8s render}: the reconciler only
 * adds observation and status. Pods run the AIM Engine image ({@code aim-engine serve}) with the
 * plan pinned through its arguments ({@code --recipe}, {@code --gpu}, {@code --gpu-count}) and
 * AMD's AIM environment contract. Stateless and thread-safe.
 */
public final class EndpointManifests {
  public static final String LABEL_ENDPOINT = "aim.engine.amd.com/endpoint";
  public static final String LABEL_ENGINE = "aim.engine.amd.com/engine";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "aim-engine-operator";
  public static final String ANNOTATION_RECIPE = "aim.engine.amd.com/recipe";

  /** Where the model cache is mounted (the image's AIM_CACHE_DIR). */
  public static final String CACHE_MOUNT = "/workspace/model-cache";

  static final int ENGINE_PORT = 8000;
  private static final Quantity CPU_PER_GPU = new Quantity("4");
  private static final long MEMORY_REQUEST_GIB_PER_GPU = 32;
  private static final long MEMORY_LIMIT_GIB_PER_GPU = 48;

  /** Where pods find AIMRecipes the plans use: a catalog root (AIM_CATALOG_PATH). */
  public static final String POD_CATALOG = "/etc/aim-engine/catalog";

  private final GpuCatalog gpus;
  private final String defaultImage;
  private final Function<String, Optional<ClusterCatalog.ClusterRecipe>> clusterRecipes;

  /**
   * @param defaultImage the AIM Engine image pods run unless the spec overrides it
   * @param clusterRecipes the AIMRecipe behind a recipe id (empty for shipped recipes, which the
   *     image's catalog has)
   */
  public EndpointManifests(
      GpuCatalog gpus,
      String defaultImage,
      Function<String, Optional<ClusterCatalog.ClusterRecipe>> clusterRecipes) {
    this.gpus = gpus;
    this.defaultImage = defaultImage;
    this.clusterRecipes = clusterRecipes;
  }

  public String image(EndpointIntent intent) {
    return intent.overrides().image() != null ? intent.overrides().image() : defaultImage;
  }

  /**
   * Builds the desired state.
   *
   * @param plans one plan per engine, in {@code intent.engines()} order
   * @param cachePvc the PVC holding the model cache (ours or an AIMCache's), null without cache
   * @param ownCache whether this endpoint creates that PVC and its download Job itself
   */
  public DesiredState build(
      Owner owner, EndpointIntent intent, List<Plan> plans, String cachePvc, boolean ownCache) {
    String image = image(intent);
    PersistentVolumeClaim pvc = null;
    Job job = null;
    if (cachePvc != null && ownCache) {
      pvc = cachePvc(owner, intent, cachePvc, plans.get(0));
      job =
          CacheManifests.downloadJob(
              meta(owner, downloadJobName(owner.name()), null),
              "hf://" + intent.model(),
              image,
              cachePvc,
              intent.overrides().hfTokenSecret());
    }
    Map<String, ClusterCatalog.ClusterRecipe> used = new LinkedHashMap<>();
    for (Plan p : plans) {
      clusterRecipes.apply(p.recipe().id()).ifPresent(c -> used.put(p.recipe().id(), c));
    }
    ConfigMap recipes = used.isEmpty() ? null : recipesConfigMap(owner, used.values());
    List<Deployment> deployments = new ArrayList<>();
    List<GenericKubernetesResource> keda = new ArrayList<>();
    List<HorizontalPodAutoscaler> hpas = new ArrayList<>();
    for (Plan p : plans) {
      String name = deploymentName(owner.name(), p.engine());
      deployments.add(
          deployment(owner, name, intent, p, image, cachePvc, used.get(p.recipe().id())));
      if (intent.autoScaling() != null && intent.autoScaling().backend().equals("keda")) {
        keda.add(scaledObject(owner, name, intent.autoScaling(), p.engine()));
      } else if (intent.autoScaling() != null) {
        hpas.add(hpa(owner, name, intent.autoScaling(), p.engine()));
      }
    }
    return new DesiredState(
        pvc,
        job,
        recipes,
        deployments,
        service(owner, intent),
        keda,
        hpas,
        intent.serviceMonitor() ? serviceMonitor(owner) : null);
  }

  public static String deploymentName(String endpoint, EngineKind engine) {
    return endpoint + "-" + engine.label();
  }

  public static String cachePvcName(String endpoint) {
    return endpoint + "-cache";
  }

  public static String downloadJobName(String endpoint) {
    return endpoint + "-cache-download";
  }

  /** The engine command line the pod ends up running (for status.plan.args and render). */
  public static List<String> engineArgv(Plan plan) {
    return EngineAdapter.of(plan.engine())
        .launchSpec(plan, LaunchOptions.defaults().withPort(ENGINE_PORT))
        .argv();
  }

  /**
   * The arguments to the image's {@code aim-engine serve --host 0.0.0.0} entrypoint that pin this
   * plan.
   */
  public static List<String> serveArgs(Plan plan, EndpointIntent intent) {
    List<String> a = new ArrayList<>();
    a.add(plan.model());
    a.add(String.valueOf(plan.gpuCount()));
    a.addAll(List.of("--backend", plan.engine().label()));
    a.addAll(List.of("--precision", plan.precision().label()));
    a.addAll(List.of("--recipe", plan.recipe().id()));
    a.addAll(List.of("--gpu", plan.gpuModel(), "--gpu-count", String.valueOf(plan.gpuCount())));
    // The image's entrypoint is `aim-engine serve --host 0.0.0.0` (deploy/Dockerfile): no --host.
    a.addAll(List.of("--port", String.valueOf(ENGINE_PORT)));
    intent.customArgs().forEach((k, v) -> a.addAll(List.of("--arg", v == null ? k : k + "=" + v)));
    return a;
  }

  public static String recipesConfigMapName(String endpoint) {
    return endpoint + "-recipes";
  }

  /** ConfigMap keys allow [-._a-zA-Z0-9]: the catalog path with '/' as '_'. */
  static String key(ClusterCatalog.ClusterRecipe r) {
    return r.path().replaceAll("[^-._a-zA-Z0-9]", "_");
  }

  private static ConfigMap recipesConfigMap(
      Owner owner, java.util.Collection<ClusterCatalog.ClusterRecipe> used) {
    Map<String, String> data = new java.util.TreeMap<>();
    used.forEach(r -> data.put(key(r), r.profile()));
    return new ConfigMapBuilder()
        .withMetadata(meta(owner, recipesConfigMapName(owner.name()), null))
        .withData(data)
        .build();
  }

  private Deployment deployment(
      Owner owner,
      String name,
      EndpointIntent intent,
      Plan plan,
      String image,
      String cachePvc,
      ClusterCatalog.ClusterRecipe clusterRecipe) {
    EngineAdapter adapter = EngineAdapter.of(plan.engine());
    Map<String, String> labels = selector(owner.name());
    labels.put(LABEL_ENGINE, plan.engine().label());
    GpuSpec spec = gpus.find(plan.gpuModel()).orElse(null);
    boolean nvidia = spec != null && spec.vendor() == GpuVendor.NVIDIA;
    String gpuResource = nvidia ? "nvidia.com/gpu" : "amd.com/gpu";
    int n = plan.gpuCount();
    EndpointIntent.Overrides o = intent.overrides();

    List<VolumeMount> mounts = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("dshm").withMountPath("/dev/shm").build());
    volumes.add(
        new VolumeBuilder()
            .withName("dshm")
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(o.shmSize())
            .endEmptyDir()
            .build());
    if (cachePvc != null) {
      mounts.add(
          new VolumeMountBuilder().withName("model-cache").withMountPath(CACHE_MOUNT).build());
      volumes.add(
          new VolumeBuilder()
              .withName("model-cache")
              .withNewPersistentVolumeClaim()
              .withClaimName(cachePvc)
              .endPersistentVolumeClaim()
              .build());
    }

    List<EnvVar> env = env(plan, intent);
    if (clusterRecipe != null) {
      // The recipe is an AIMRecipe, not in the image's catalog: hand it to the pod as a catalog
      // root, at the path that gives it the same id.
      mounts.add(
          new VolumeMountBuilder()
              .withName("aim-recipes")
              .withMountPath(POD_CATALOG + "/recipes")
              .withReadOnly(true)
              .build());
      volumes.add(
          new VolumeBuilder()
              .withName("aim-recipes")
              .withNewConfigMap()
              .withName(recipesConfigMapName(owner.name()))
              .addNewItem()
              .withKey(key(clusterRecipe))
              .withPath(clusterRecipe.path())
              .endItem()
              .endConfigMap()
              .build());
      env.add(new EnvVar("AIM_CATALOG_PATH", POD_CATALOG, null));
    }
    int startupFailures = (o.startupTimeoutSeconds() + 9) / 10;
    Container c =
        new ContainerBuilder()
            .withName("engine")
            .withImage(image)
            .withArgs(serveArgs(plan, intent))
            .withEnv(env)
            .addNewPort()
            .withName("http")
            .withContainerPort(ENGINE_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(resources(gpuResource, n, o.resources()))
            .withStartupProbe(probe(adapter.healthPath(), 10, 5, startupFailures))
            .withReadinessProbe(probe(adapter.readinessPath(), 10, 5, 3))
            .withLivenessProbe(probe(adapter.healthPath(), 30, 5, 3))
            .withVolumeMounts(mounts)
            .withNewSecurityContext()
            .withPrivileged(false)
            .withAllowPrivilegeEscalation(false)
            .withNewSeccompProfile()
            .withType("Unconfined")
            .endSeccompProfile()
            .withNewCapabilities()
            .withAdd("SYS_PTRACE")
            .endCapabilities()
            .endSecurityContext()
            .build();

    List<Toleration> tolerations = new ArrayList<>();
    tolerations.add(
        new TolerationBuilder()
            .withKey(gpuResource)
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .build());
    tolerations.addAll(o.tolerations());

    Map<String, String> podAnnotations = new LinkedHashMap<>();
    podAnnotations.put(ANNOTATION_RECIPE, plan.recipe().id());
    int replicas =
        intent.autoScaling() != null ? intent.autoScaling().minReplicas() : intent.replicas();
    return new DeploymentBuilder()
        .withMetadata(meta(owner, name, plan.engine()))
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(Math.max(600, o.startupTimeoutSeconds() + 600))
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withEnableServiceLinks(false)
        .withContainers(c)
        .withVolumes(volumes)
        .withTolerations(tolerations)
        .withNodeSelector(o.nodeSelector().isEmpty() ? null : new LinkedHashMap<>(o.nodeSelector()))
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(gpuTerms(spec, plan.gpuModel(), nvidia))
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .withTerminationGracePeriodSeconds(60L)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * Node affinity on the planned GPU model: AMD by PCI device id in the plain, beta and
   * count-encoded label forms (terms are ORed); NVIDIA by the GPU feature discovery product label.
   */
  private static List<NodeSelectorTerm> gpuTerms(GpuSpec spec, String model, boolean nvidia) {
    List<NodeSelectorTerm> terms = new ArrayList<>();
    if (nvidia) {
      terms.add(
          new NodeSelectorTermBuilder()
              .addNewMatchExpression()
              .withKey("nvidia.com/gpu.present")
              .withOperator("In")
              .withValues("true")
              .endMatchExpression()
              .build());
      return terms;
    }
    List<String> ids =
        spec == null
            ? List.of(model.startsWith("AMD-") ? model.substring(4) : model)
            : spec.pciDeviceIds().stream()
                .sorted()
                .map(i -> String.format(Locale.ROOT, "%04x", i))
                .toList();
    for (String key : List.of("amd.com/gpu.device-id", "beta.amd.com/gpu.device-id")) {
      terms.add(
          new NodeSelectorTermBuilder()
              .addNewMatchExpression()
              .withKey(key)
              .withOperator("In")
              .withValues(ids)
              .endMatchExpression()
              .build());
    }
    for (String id : ids) {
      terms.add(
          new NodeSelectorTermBuilder()
              .addNewMatchExpression()
              .withKey("beta.amd.com/gpu.device-id." + id)
              .withOperator("Exists")
              .endMatchExpression()
              .build());
    }
    return terms;
  }

  private static List<EnvVar> env(Plan plan, EndpointIntent intent) {
    List<EnvVar> env = new ArrayList<>();
    // AMD's AIM image contract, so the same pod spec also documents the plan to AIM tooling.
    env.add(new EnvVar("AIM_ENGINE", plan.engine().label(), null));
    env.add(new EnvVar("AIM_PRECISION", plan.precision().label(), null));
    env.add(new EnvVar("AIM_GPU_MODEL", plan.gpuModel(), null));
    env.add(new EnvVar("AIM_GPU_COUNT", String.valueOf(plan.gpuCount()), null));
    env.add(new EnvVar("AIM_METRIC", plan.metric().toString(), null));
    env.add(new EnvVar("AIM_PORT", String.valueOf(ENGINE_PORT), null));
    env.add(new EnvVar("AIM_CACHE_PATH", CACHE_MOUNT, null));
    env.add(new EnvVar("AIM_CACHE_DIR", CACHE_MOUNT, null));
    env.add(secretEnv("HF_TOKEN", intent.overrides().hfTokenSecret()));
    env.addAll(intent.overrides().env());
    return env;
  }

  static EnvVar secretEnv(String name, String secret) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey("token")
        .withOptional(true)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static ResourceRequirements resources(
      String gpuResource, int n, ResourceRequirements override) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    Quantity gpu = new Quantity(String.valueOf(n));
    requests.put(gpuResource, gpu);
    limits.put(gpuResource, gpu);
    requests.put(
        "cpu",
        new Quantity(
            CPU_PER_GPU.getNumericalAmount().multiply(BigDecimal.valueOf(n)).toPlainString()));
    requests.put("memory", new Quantity(MEMORY_REQUEST_GIB_PER_GPU * n + "Gi"));
    limits.put("memory", new Quantity(MEMORY_LIMIT_GIB_PER_GPU * n + "Gi"));
    if (override != null) {
      if (override.getRequests() != null) {
        requests.putAll(override.getRequests());
      }
      if (override.getLimits() != null) {
        limits.putAll(override.getLimits());
      }
      // GPUs are never overcommitted: requests = limits, whatever the override says.
      requests.put(gpuResource, limits.getOrDefault(gpuResource, gpu));
    }
    return new ResourceRequirements(null, limits, requests);
  }

  private static Probe probe(String path, int period, int timeout, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(period)
        .withTimeoutSeconds(timeout)
        .withFailureThreshold(failures)
        .build();
  }

  private Service service(Owner owner, EndpointIntent intent) {
    return new ServiceBuilder()
        .withMetadata(meta(owner, owner.name(), null))
        .withNewSpec()
        .withType(intent.serviceType())
        .withSelector(selector(owner.name()))
        .addNewPort()
        .withName("http")
        .withPort(intent.servicePort())
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  private PersistentVolumeClaim cachePvc(
      Owner owner, EndpointIntent intent, String name, Plan plan) {
    Quantity size =
        intent.cache().size() != null
            ? intent.cache().size()
            : CacheManifests.sizeFor(plan.facts(), CacheManifests.DEFAULT_HEADROOM_PERCENT);
    boolean shared =
        intent.replicas() > 1
            || intent.autoScaling() != null && intent.autoScaling().maxReplicas() > 1
            || intent.engines().size() > 1;
    return new PersistentVolumeClaimBuilder()
        .withMetadata(meta(owner, name, null))
        .withNewSpec()
        .withAccessModes(shared ? "ReadWriteMany" : "ReadWriteOnce")
        .withStorageClassName(intent.cache().storageClassName())
        .withNewResources()
        .addToRequests("storage", size)
        .endResources()
        .endSpec()
        .build();
  }

  private static GenericKubernetesResource scaledObject(
      Owner owner, String deployment, EndpointIntent.AutoScaling a, EngineKind engine) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("serverAddress", a.prometheusAddress());
    metadata.put("query", query(owner.namespace(), deployment, a.metric(), engine));
    metadata.put("threshold", a.target());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("scaleTargetRef", Map.of("name", deployment));
    // KEDA's default minimum is 0: never scale a model server to zero behind the user's back.
    spec.put("minReplicaCount", a.minReplicas());
    spec.put("maxReplicaCount", a.maxReplicas());
    spec.put("pollingInterval", 30);
    spec.put("cooldownPeriod", 300);
    spec.put("triggers", List.of(Map.of("type", "prometheus", "metadata", metadata)));
    spec.put(
        "advanced",
        Map.of(
            "horizontalPodAutoscalerConfig",
            Map.of("behavior", Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 600)))));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("keda.sh/v1alpha1")
        .withKind("ScaledObject")
        .withMetadata(meta(owner, deployment, engine))
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** The Prometheus query for an engine's queue metric over one Deployment's pods. */
  static String query(String namespace, String deployment, String metric, EngineKind engine) {
    String name = metricName(metric, engine);
    return "sum(" + name + "{namespace=\"" + namespace + "\",pod=~\"" + deployment + "-.*\"})";
  }

  static String metricName(String metric, EngineKind engine) {
    boolean waiting = metric.equals("num_requests_waiting");
    return switch (engine) {
      case SGLANG -> waiting ? "sglang:num_queue_reqs" : "sglang:num_running_reqs";
      default -> waiting ? "vllm:num_requests_waiting" : "vllm:num_requests_running";
    };
  }

  private static HorizontalPodAutoscaler hpa(
      Owner owner, String deployment, EndpointIntent.AutoScaling a, EngineKind engine) {
    // Pods metrics come through prometheus-adapter, which cannot serve names with ':'.
    String metric = metricName(a.metric(), engine).replace(':', '_');
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(meta(owner, deployment, engine))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(deployment)
        .endScaleTargetRef()
        .withMinReplicas(a.minReplicas())
        .withMaxReplicas(a.maxReplicas())
        .addNewMetric()
        .withType("Pods")
        .withNewPods()
        .withNewMetric()
        .withName(metric)
        .endMetric()
        .withNewTarget()
        .withType("AverageValue")
        .withAverageValue(new Quantity(a.target()))
        .endTarget()
        .endPods()
        .endMetric()
        .endSpec()
        .build();
  }

  private static GenericKubernetesResource serviceMonitor(Owner owner) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", Map.of("matchLabels", Map.of(LABEL_ENDPOINT, owner.name())));
    spec.put("endpoints", List.of(Map.of("port", "http", "path", "/metrics", "interval", "30s")));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("monitoring.coreos.com/v1")
        .withKind("ServiceMonitor")
        .withMetadata(meta(owner, owner.name(), null))
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  static Map<String, String> selector(String endpoint) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LABEL_ENDPOINT, endpoint);
    return m;
  }

  static ObjectMeta meta(Owner owner, String name, EngineKind engine) {
    ObjectMetaBuilder b =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(owner.namespace())
            .addToLabels("app.kubernetes.io/name", "aim-engine")
            .addToLabels("app.kubernetes.io/instance", owner.name())
            .addToLabels(LABEL_MANAGED_BY, MANAGED_BY)
            .addToLabels(LABEL_ENDPOINT, owner.name());
    if (engine != null) {
      b.addToLabels(LABEL_ENGINE, engine.label());
    }
    if (owner.uid() != null) {
      b.withOwnerReferences(
          new OwnerReferenceBuilder()
              .withApiVersion(owner.apiVersion())
              .withKind(owner.kind())
              .withName(owner.name())
              .withUid(owner.uid())
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build());
    }
    return b.build();
  }

  /** Kinds in {@link DesiredState#all()} that need a CRD to exist. */
  public static boolean needsCrd(HasMetadata r) {
    return r instanceof GenericKubernetesResource;
  }
}
