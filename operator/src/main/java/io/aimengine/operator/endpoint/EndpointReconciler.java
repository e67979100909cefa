package io.aimengine.operator.endpoint;

import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.plan.Candidate;
import io.aimengine.core.plan.Plan;
import io.aimengine.operator.apply.Applier;
import io.aimengine.operator.apply.EventRecorder;
import io.aimengine.operator.apply.OptionalCrds;
import io.aimengine.operator.cache.AIMCache;
import io.aimengine.operator.condition.Conditions;
import io.aimengine.operator.inventory.ClusterInventory;
import io.aimengine.operator.inventory.NodeReader;
import io.aimengine.operator.manifest.CacheManifests;
import io.aimengine.operator.manifest.DesiredState;
import io.aimengine.operator.manifest.EndpointManifests;
import io.aimengine.operator.manifest.Owner;
import io.aimengine.operator.recipe.ClusterCatalog;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reconciles an AIMEndpoint: validate → inventory from Nodes → plan → cache PVC and download Job →
 * one Deployment per engine (after the cache is ready) → Service → autoscaler → ServiceMonitor →
 * status with conditions, and an Event on each condition transition. Writes nothing when nothing
 * changed. Thread-safe (JOSDK never runs two reconciles of one resource at once).
 */
@ControllerConfiguration(name = EndpointReconciler.NAME)
public final class EndpointReconciler implements Reconciler<AIMEndpoint> {
  public static final String NAME = "aimendpoint";
  static final Duration RETRY_UNPLACED = Duration.ofSeconds(60);
  static final String SELECTOR =
      EndpointManifests.LABEL_MANAGED_BY + "=" + EndpointManifests.MANAGED_BY;

  private final GpuCatalog gpus;
  private final SpecValidator validator;
  private final EndpointPlanner planner;
  private final EndpointManifests manifests;
  private final NodeReader nodeReader;
  private final Clock clock;
  private InformerEventSource<Deployment, AIMEndpoint> deployments;
  private InformerEventSource<Service, AIMEndpoint> services;
  private InformerEventSource<Job, AIMEndpoint> jobs;
  private InformerEventSource<PersistentVolumeClaim, AIMEndpoint> pvcs;
  private InformerEventSource<Node, AIMEndpoint> nodes;
  private InformerEventSource<AIMCache, AIMEndpoint> caches;
  private volatile Applier applier;
  private volatile OptionalCrds crds;
  private volatile EventRecorder events;

  public EndpointReconciler(GpuCatalog gpus, Catalog catalog, String image, Clock clock) {
    this.gpus = gpus;
    this.validator = new SpecValidator(gpus);
    this.planner = new EndpointPlanner(gpus, catalog);
    this.manifests = new EndpointManifests(gpus, image, clusterRecipes(catalog));
    this.nodeReader = new NodeReader(gpus);
    this.clock = clock;
  }

  /** AIMRecipes behind recipe ids, when the catalog has cluster recipes at all. */
  private static java.util.function.Function<
          String, java.util.Optional<ClusterCatalog.ClusterRecipe>>
      clusterRecipes(Catalog catalog) {
    if (catalog instanceof ClusterCatalog cluster) {
      return cluster::clusterRecipe;
    }
    return id -> java.util.Optional.empty();
  }

  @Override
  public List<EventSource<?, AIMEndpoint>> prepareEventSources(
      EventSourceContext<AIMEndpoint> ctx) {
    deployments = owned(ctx, Deployment.class);
    services = owned(ctx, Service.class);
    jobs = owned(ctx, Job.class);
    pvcs = owned(ctx, PersistentVolumeClaim.class);
    nodes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, AIMEndpoint.class)
                .withName("nodes")
                .withSecondaryToPrimaryMapper(
                    n ->
                        ctx.getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withOnUpdateFilter((a, b) -> !NodeReader.sameGpuView(a, b))
                .build(),
            ctx);
    caches =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AIMCache.class, AIMEndpoint.class)
                .withName("caches")
                .withSecondaryToPrimaryMapper(
                    c ->
                        ctx.getPrimaryCache()
                            .list(
                                e ->
                                    c.getMetadata()
                                            .getNamespace()
                                            .equals(e.getMetadata().getNamespace())
                                        && e.getSpec() != null
                                        && e.getSpec().cache != null
                                        && c.getMetadata()
                                            .getName()
                                            .equals(e.getSpec().cache.cacheRef))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            ctx);
    return List.of(deployments, services, jobs, pvcs, nodes, caches);
  }

  private static <R extends HasMetadata> InformerEventSource<R, AIMEndpoint> owned(
      EventSourceContext<AIMEndpoint> ctx, Class<R> type) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, AIMEndpoint.class)
            .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
            .withLabelSelector(SELECTOR)
            .build(),
        ctx);
  }

  @Override
  public UpdateControl<AIMEndpoint> reconcile(AIMEndpoint ep, Context<AIMEndpoint> context) {
    KubernetesClient client = context.getClient();
    init(client);
    AIMEndpointStatus old = ep.getStatus() == null ? new AIMEndpointStatus() : ep.getStatus();
    String before = Serialization.asJson(old);
    long generation =
        ep.getMetadata().getGeneration() == null ? 0 : ep.getMetadata().getGeneration();
    Conditions cond = new Conditions(old.conditions, generation, clock);
    AIMEndpointStatus st = copy(old);
    st.observedGeneration = generation;
    Duration reschedule = null;

    EndpointIntent intent = null;
    try {
      intent = validator.validate(ep.getSpec());
      cond.set("ConfigValid", true, "Valid", "spec is valid");
    } catch (InvalidSpecException e) {
      cond.set("ConfigValid", false, "InvalidSpec", e.getMessage());
    }
    if (intent != null) {
      // Edited since the last reconcile (a new endpoint has nothing to prune yet).
      boolean specChanged = old.observedGeneration != null && old.observedGeneration != generation;
      reschedule = reconcileValid(ep, intent, cond, st, client, specChanged);
    } else {
      st.phase = "Failed";
    }
    cond.set(
        "Ready",
        cond.isTrue("ConfigValid")
            && cond.isTrue("RecipeSelected")
            && cond.isTrue("CacheReady")
            && cond.isTrue("DeploymentAvailable"),
        readyReason(cond),
        readyMessage(cond));
    st.conditions = cond.list();
    announce(ep, cond);
    UpdateControl<AIMEndpoint> control;
    if (Serialization.asJson(st).equals(before)) {
      control = UpdateControl.noUpdate();
    } else {
      ep.setStatus(st);
      control = UpdateControl.patchStatus(ep);
    }
    return reschedule == null ? control : control.rescheduleAfter(reschedule);
  }

  private Duration reconcileValid(
      AIMEndpoint ep,
      EndpointIntent intent,
      Conditions cond,
      AIMEndpointStatus st,
      KubernetesClient client,
      boolean specChanged) {
    ClusterInventory inventory = nodeReader.read(nodes.list().toList());
    st.inventory = inventoryStatus(inventory);
    Placement placement = planner.place(intent, inventory);
    if (placement instanceof Placement.Unplaced u) {
      switch (u.condition()) {
        case "ConfigValid" -> cond.set("ConfigValid", false, u.reason(), u.message());
        case "InventoryAvailable" -> cond.set("InventoryAvailable", false, u.reason(), u.message());
        default -> {
          cond.set("InventoryAvailable", true, "GpuNodesFound", inventorySummary(inventory));
          cond.set("RecipeSelected", false, u.reason(), u.message());
        }
      }
      if (!u.condition().equals("RecipeSelected")) {
        cond.set(
            "RecipeSelected", false, "NotPlanned", "not planned: " + u.condition() + " is False");
      }
      st.candidates = candidates(u.candidates());
      st.phase = u.condition().equals("ConfigValid") ? "Failed" : "Pending";
      return RETRY_UNPLACED;
    }
    List<Plan> plans = ((Placement.Planned) placement).plans();
    Plan primary = plans.get(0);
    cond.set("InventoryAvailable", true, "GpuNodesFound", inventorySummary(inventory));
    cond.set(
        "RecipeSelected",
        true,
        "Selected",
        plans.stream()
            .map(
                p ->
                    p.engine().label()
                        + ": "
                        + p.recipe().id()
                        + " on "
                        + p.gpuCount()
                        + " x "
                        + p.gpuModel())
            .collect(Collectors.joining("; ")));
    st.plan = planStatus(primary, manifests.image(intent));
    st.candidates = candidates(primary.candidates());

    Owner owner =
        new Owner(
            ep.getMetadata().getName(),
            ep.getMetadata().getNamespace(),
            ep.getMetadata().getUid(),
            ep.getApiVersion(),
            ep.getKind());
    String pvc = null;
    boolean ownCache = false;
    if (intent.cache() == null) {
      cond.set("CacheReady", true, "Disabled", "no model cache requested");
    } else if (intent.cache().cacheRef() != null) {
      AIMCache c =
          caches.get(new ResourceID(intent.cache().cacheRef(), owner.namespace())).orElse(null);
      if (c == null) {
        cond.set(
            "CacheReady",
            false,
            "CacheNotFound",
            "AIMCache " + intent.cache().cacheRef() + " does not exist");
      } else {
        String phase = c.getStatus() == null ? null : c.getStatus().phase;
        pvc =
            c.getStatus() == null || c.getStatus().pvcName == null
                ? c.getMetadata().getName() + "-cache"
                : c.getStatus().pvcName;
        if ("Ready".equals(phase)) {
          cond.set(
              "CacheReady",
              true,
              "Downloaded",
              "AIMCache " + c.getMetadata().getName() + " is Ready");
        } else if ("Failed".equals(phase)) {
          cond.set(
              "CacheReady",
              false,
              "DownloadFailed",
              "AIMCache " + c.getMetadata().getName() + " failed");
        } else {
          cond.set(
              "CacheReady",
              false,
              "Downloading",
              "waiting for AIMCache " + c.getMetadata().getName());
        }
      }
    } else {
      pvc = EndpointManifests.cachePvcName(owner.name());
      ownCache = true;
    }
    DesiredState desired = manifests.build(owner, intent, plans, pvc, ownCache);
    if (ownCache) {
      applier.apply(desired.cachePvc(), pvcs, true, false);
      Job job = applier.apply(desired.downloadJob(), jobs, true, false).live();
      switch (CacheManifests.state(job)) {
        case SUCCEEDED ->
            cond.set(
                "CacheReady",
                true,
                "Downloaded",
                "download Job " + job.getMetadata().getName() + " succeeded");
        case FAILED ->
            cond.set(
                "CacheReady",
                false,
                "DownloadFailed",
                "download Job "
                    + job.getMetadata().getName()
                    + " failed; see kubectl logs job/"
                    + job.getMetadata().getName());
        case RUNNING ->
            cond.set(
                "CacheReady",
                false,
                "Downloading",
                "download Job " + job.getMetadata().getName() + " is running");
      }
    }
    if (desired.recipes() != null) {
      applier.apply(desired.recipes(), null, false, false);
    }
    applier.apply(desired.service(), services, false, false);
    boolean autoscaled = intent.autoScaling() != null;
    List<Deployment> live = new ArrayList<>();
    if (cond.isTrue("CacheReady")) {
      for (Deployment d : desired.deployments()) {
        live.add(applier.apply(d, deployments, false, autoscaled).live());
      }
    } else {
      cond.set(
          "DeploymentAvailable",
          false,
          "WaitingForCache",
          "the engines start once the model cache is ready");
    }
    if (!live.isEmpty()) {
      deploymentCondition(live, cond, st);
    }
    autoscaler(intent, desired, cond);
    serviceMonitor(desired, cond);
    if (specChanged && owner.uid() != null) {
      prune(client, ep, owner, desired);
    }
    st.endpoint = new AIMEndpointStatus.Endpoint();
    st.endpoint.url =
        "http://"
            + owner.name()
            + "."
            + owner.namespace()
            + ".svc.cluster.local:"
            + intent.servicePort()
            + "/v1";
    st.endpoint.servedModelName = intent.model();
    st.phase =
        !cond.isTrue("CacheReady")
            ? (cond.find("CacheReady").getReason().equals("DownloadFailed")
                ? "Failed"
                : "Downloading")
            : cond.isTrue("DeploymentAvailable")
                ? (st.replicas != null && st.replicas.ready < st.replicas.desired
                    ? "Degraded"
                    : "Running")
                : "Starting";
    return null;
  }

  /**
   * Deletes what this endpoint owns (as controller) but no longer wants: a Deployment of an engine
   * dropped from {@code servingEngines} would still serve behind the Service, a ScaledObject or HPA
   * left after autoscaling was turned off (or its backend switched) would keep scaling, and a
   * ServiceMonitor would keep scraping. Runs when the spec changed (nothing else removes a
   * dependent), so a reconcile with nothing to do lists nothing. Cache PVCs and Jobs stay: weights
   * are costly to fetch again, and deleting the endpoint removes them.
   */
  private void prune(KubernetesClient client, AIMEndpoint ep, Owner owner, DesiredState desired) {
    Set<String> keepDeployments =
        desired.deployments().stream()
            .map(d -> d.getMetadata().getName())
            .collect(Collectors.toSet());
    deployments
        .list(owner.namespace())
        .filter(d -> ownedBy(d, owner) && !keepDeployments.contains(d.getMetadata().getName()))
        .forEach(d -> delete(client, ep, d));
    Set<String> keepHpas =
        desired.hpas().stream().map(h -> h.getMetadata().getName()).collect(Collectors.toSet());
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(owner.namespace())
        .withLabel(EndpointManifests.LABEL_ENDPOINT, owner.name())
        .list()
        .getItems()
        .stream()
        .filter(h -> ownedBy(h, owner) && !keepHpas.contains(h.getMetadata().getName()))
        .forEach(h -> delete(client, ep, h));
    pruneCustom(
        client,
        ep,
        owner,
        OptionalCrds.KEDA_SCALED_OBJECTS,
        "keda.sh/v1alpha1",
        "ScaledObject",
        desired.kedaObjects());
    pruneCustom(
        client,
        ep,
        owner,
        OptionalCrds.SERVICE_MONITORS,
        "monitoring.coreos.com/v1",
        "ServiceMonitor",
        desired.serviceMonitor() == null ? List.of() : List.of(desired.serviceMonitor()));
  }

  private void pruneCustom(
      KubernetesClient client,
      AIMEndpoint ep,
      Owner owner,
      String crd,
      String apiVersion,
      String kind,
      List<GenericKubernetesResource> keep) {
    if (!crds.present(crd)) {
      return;
    }
    Set<String> names =
        keep.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    client
        .genericKubernetesResources(apiVersion, kind)
        .inNamespace(owner.namespace())
        .withLabel(EndpointManifests.LABEL_ENDPOINT, owner.name())
        .list()
        .getItems()
        .stream()
        .filter(r -> ownedBy(r, owner) && !names.contains(r.getMetadata().getName()))
        .forEach(r -> delete(client, ep, r));
  }

  private static boolean ownedBy(HasMetadata r, Owner owner) {
    return r.getMetadata().getOwnerReferences() != null
        && r.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o -> owner.uid().equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
  }

  private void delete(KubernetesClient client, AIMEndpoint ep, HasMetadata r) {
    client.resource(r).delete();
    events.record(
        ep,
        false,
        "Pruned",
        r.getKind() + " " + r.getMetadata().getName() + " is no longer in the endpoint's spec");
  }

  /**
   * The ServiceMonitor when asked for and the Prometheus operator's CRD exists; condition
   * MonitoringReady says which (Disabled, Configured, PrometheusOperatorNotInstalled).
   */
  private void serviceMonitor(DesiredState desired, Conditions cond) {
    if (desired.serviceMonitor() == null) {
      cond.set("MonitoringReady", true, "Disabled", "no ServiceMonitor requested");
    } else if (!crds.present(OptionalCrds.SERVICE_MONITORS)) {
      cond.set(
          "MonitoringReady",
          false,
          "PrometheusOperatorNotInstalled",
          "the Prometheus operator's ServiceMonitor CRD ("
              + OptionalCrds.SERVICE_MONITORS
              + ") is not installed: no ServiceMonitor; /metrics is still served on port http");
    } else {
      applier.apply(desired.serviceMonitor(), null, false, false);
      cond.set(
          "MonitoringReady",
          true,
          "Configured",
          "ServiceMonitor "
              + desired.serviceMonitor().getMetadata().getName()
              + " scrapes /metrics");
    }
  }

  private void autoscaler(EndpointIntent intent, DesiredState desired, Conditions cond) {
    if (intent.autoScaling() == null) {
      cond.set("AutoscalerReady", true, "Disabled", "fixed replicas: " + intent.replicas());
      return;
    }
    if (!desired.hpas().isEmpty()) {
      for (HorizontalPodAutoscaler h : desired.hpas()) {
        applier.apply(h, null, false, false);
      }
      cond.set(
          "AutoscalerReady",
          true,
          "Configured",
          "HorizontalPodAutoscaler on " + intent.autoScaling().metric());
      return;
    }
    if (!crds.present(OptionalCrds.KEDA_SCALED_OBJECTS)) {
      cond.set(
          "AutoscalerReady",
          false,
          "KedaNotInstalled",
          "KEDA's ScaledObject CRD is not installed: replicas stay at "
              + intent.autoScaling().minReplicas()
              + "; install KEDA or set autoScaling.backend: hpa");
      return;
    }
    for (GenericKubernetesResource so : desired.kedaObjects()) {
      applier.apply(so, null, false, false);
    }
    cond.set(
        "AutoscalerReady",
        true,
        "Configured",
        "KEDA ScaledObject on "
            + intent.autoScaling().metric()
            + ", "
            + intent.autoScaling().minReplicas()
            + ".."
            + intent.autoScaling().maxReplicas()
            + " replicas");
  }

  private static void deploymentCondition(
      List<Deployment> live, Conditions cond, AIMEndpointStatus st) {
    int desired = 0;
    int ready = 0;
    int available = 0;
    boolean allAvailable = true;
    String stuck = null;
    for (Deployment d : live) {
      desired += d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      var s = d.getStatus();
      int a = s == null || s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas();
      ready += s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
      available += a;
      allAvailable &= a >= 1;
      if (s != null && s.getConditions() != null) {
        for (DeploymentCondition c : s.getConditions()) {
          if ("Progressing".equals(c.getType())
              && "ProgressDeadlineExceeded".equals(c.getReason())) {
            stuck = d.getMetadata().getName();
          }
        }
      }
    }
    st.replicas = new AIMEndpointStatus.Replicas();
    st.replicas.desired = desired;
    st.replicas.ready = ready;
    st.replicas.available = available;
    st.ready = ready + "/" + desired;
    if (allAvailable) {
      cond.set(
          "DeploymentAvailable",
          true,
          "MinimumReplicasAvailable",
          available + " of " + desired + " replicas available");
    } else if (stuck != null) {
      cond.set(
          "DeploymentAvailable",
          false,
          "ProgressDeadlineExceeded",
          "Deployment "
              + stuck
              + " exceeded its progress deadline; see kubectl describe deployment "
              + stuck);
    } else {
      cond.set(
          "DeploymentAvailable",
          false,
          "Progressing",
          "waiting for the engines to load the model ("
              + available
              + " of "
              + desired
              + " available)");
    }
  }

  /** Reasons that describe progress, not trouble: no Event when a condition starts with one. */
  static final Set<String> PROGRESS =
      Set.of("Progressing", "Downloading", "WaitingForCache", "NotPlanned", "ComponentsNotReady");

  /**
   * One Event per condition transition (flip or new reason): Warning when it went False, Normal
   * when True. A condition's first appearance is announced only when it says something: a selected
   * recipe, a ready endpoint, or a problem (not "in progress", not "fine").
   */
  private void announce(AIMEndpoint ep, Conditions cond) {
    for (Conditions.Transition t : cond.transitions()) {
      var c = t.condition();
      boolean ok = "True".equals(c.getStatus());
      if (t.previousStatus() == null) {
        boolean says =
            ok
                ? List.of("RecipeSelected", "Ready").contains(c.getType())
                : !PROGRESS.contains(c.getReason());
        if (!says) {
          continue;
        }
      }
      String reason =
          !ok
              ? c.getReason()
              : c.getType().equals("Ready")
                  ? "EndpointReady"
                  : c.getType().equals("RecipeSelected") ? "RecipeSelected" : c.getReason();
      events.record(
          ep,
          !ok && !PROGRESS.contains(c.getReason()),
          reason,
          c.getType() + ": " + c.getMessage());
    }
  }

  /** The conditions Ready is made of, in the order a reader should fix them. */
  private static final List<String> READY_NEEDS =
      List.of(
          "ConfigValid",
          "InventoryAvailable",
          "RecipeSelected",
          "CacheReady",
          "DeploymentAvailable");

  private static String readyReason(Conditions cond) {
    for (String t : READY_NEEDS) {
      if (cond.find(t) != null && !cond.isTrue(t)) {
        return t.equals("ConfigValid") ? "InvalidSpec" : "ComponentsNotReady";
      }
    }
    return cond.isTrue("DeploymentAvailable") ? "AllComponentsReady" : "Progressing";
  }

  private static String readyMessage(Conditions cond) {
    List<String> waiting = new ArrayList<>();
    for (String t : READY_NEEDS) {
      if (cond.find(t) != null && !cond.isTrue(t)) {
        waiting.add(t + " (" + cond.find(t).getReason() + ")");
      }
    }
    return waiting.isEmpty() ? "serving" : "waiting for " + String.join(", ", waiting);
  }

  private static AIMEndpointStatus.Plan planStatus(Plan p, String image) {
    AIMEndpointStatus.Plan s = new AIMEndpointStatus.Plan();
    s.recipe = p.recipe().id();
    s.gpuModel = p.gpuModel();
    s.gpuCount = p.gpuCount();
    s.tensorParallelSize = p.tensorParallelSize();
    s.precision = p.precision().label();
    s.engine = p.engine().label();
    s.image = image;
    s.args = EndpointManifests.engineArgv(p);
    s.reasons = p.reasons();
    return s;
  }

  private static List<AIMEndpointStatus.CandidateStatus> candidates(List<Candidate> cs) {
    List<AIMEndpointStatus.CandidateStatus> out = new ArrayList<>();
    for (Candidate c : cs) {
      AIMEndpointStatus.CandidateStatus s = new AIMEndpointStatus.CandidateStatus();
      s.name = c.recipe().id();
      s.engine = c.recipe().engine().label();
      s.result = c.verdict().code();
      s.reason = c.reason();
      out.add(s);
    }
    return out;
  }

  private static AIMEndpointStatus.InventoryStatus inventoryStatus(ClusterInventory inv) {
    AIMEndpointStatus.InventoryStatus s = new AIMEndpointStatus.InventoryStatus();
    s.maxGpusPerNode = new TreeMap<>(inv.maxPerNode());
    s.totalGpus = new TreeMap<>(inv.totals());
    s.nodes = inv.nodes().size();
    return s;
  }

  private static String inventorySummary(ClusterInventory inv) {
    return inv.nodes().size() + " GPU node(s); most per node: " + inv.maxPerNode();
  }

  private static AIMEndpointStatus copy(AIMEndpointStatus s) {
    return Serialization.unmarshal(Serialization.asJson(s), AIMEndpointStatus.class);
  }

  private void init(KubernetesClient client) {
    if (applier == null) {
      synchronized (this) {
        if (applier == null) {
          crds = new OptionalCrds(client, clock);
          events = new EventRecorder(client, clock);
          applier = new Applier(client);
        }
      }
    }
  }
}
