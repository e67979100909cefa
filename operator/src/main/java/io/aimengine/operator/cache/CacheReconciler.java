package io.aimengine.operator.cache;

import io.aimengine.operator.apply.Applier;
import io.aimengine.operator.apply.EventRecorder;
import io.aimengine.operator.condition.Conditions;
import io.aimengine.operator.manifest.CacheManifests;
import io.aimengine.operator.manifest.EndpointManifests;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
import java.util.List;

/**
 * Reconciles an AIMCache: a PVC sized by {@link CacheSizer} (the spec, else the Hub's listing plus
 * headroom, else the catalog; condition SizeKnown says which), created once since a bound claim's
 * spec is immutable, and a download Job that runs {@code aim-engine cache pull} into it; status
 * phase Pending → Downloading → Ready or Failed, with an Event on each transition.
 */
@ControllerConfiguration(name = CacheReconciler.NAME)
public final class CacheReconciler implements Reconciler<AIMCache> {
  public static final String NAME = "aimcache";

  /** On the PVC: "True" when its size came from the spec or the Hub, "False" for an estimate. */
  public static final String ANNOTATION_SIZE_KNOWN = "aim.engine.amd.com/size-known";

  /** On the PVC: why it has its size (FromSpec, FromHub, CatalogEstimate, DefaultSize). */
  public static final String ANNOTATION_SIZE_REASON = "aim.engine.amd.com/size-reason";

  /** On the PVC: where its size came from, as condition SizeKnown says it. */
  public static final String ANNOTATION_SIZE_MESSAGE = "aim.engine.amd.com/size-message";

  /** Reasons that describe progress, not trouble: no Event when a condition starts with one. */
  private static final java.util.Set<String> PROGRESS =
      java.util.Set.of("Downloading", "PVCPending");

  private final CacheSizer sizer;
  private final String image;
  private final Clock clock;
  private InformerEventSource<PersistentVolumeClaim, AIMCache> pvcs;
  private InformerEventSource<Job, AIMCache> jobs;

  /**
   * @param sizer sizes a PVC when the spec gives no size (the Hub's listing, else the catalog)
   */
  public CacheReconciler(CacheSizer sizer, String image, Clock clock) {
    this.sizer = sizer;
    this.image = image;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, AIMCache>> prepareEventSources(EventSourceContext<AIMCache> ctx) {
    String selector = EndpointManifests.LABEL_MANAGED_BY + "=" + EndpointManifests.MANAGED_BY;
    pvcs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, AIMCache.class)
                .withName("cache-pvcs")
                .withLabelSelector(selector)
                .build(),
            ctx);
    jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, AIMCache.class)
                .withName("cache-jobs")
                .withLabelSelector(selector)
                .build(),
            ctx);
    return List.of(pvcs, jobs);
  }

  @Override
  public UpdateControl<AIMCache> reconcile(AIMCache cache, Context<AIMCache> context) {
    Applier applier = new Applier(context.getClient());
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    AIMCacheStatus old = cache.getStatus() == null ? new AIMCacheStatus() : cache.getStatus();
    String before = Serialization.asJson(old);
    long generation =
        cache.getMetadata().getGeneration() == null ? 0 : cache.getMetadata().getGeneration();
    Conditions cond = new Conditions(old.conditions, generation, clock);
    AIMCacheStatus st = Serialization.unmarshal(before, AIMCacheStatus.class);
    st.observedGeneration = generation;
    AIMCacheSpec spec = cache.getSpec();
    String source = spec == null ? null : spec.source;
    if (source == null
        || !source.matches(
            "hf://[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9._/-]+)?")) {
      cond.set(
          "Ready",
          false,
          "InvalidSpec",
          "spec.source: expected hf://org/model[@revision], got " + source);
      st.phase = "Failed";
      return finish(cache, st, cond, before, events);
    }
    String ref = source.substring("hf://".length());
    String model = ref.split("@")[0];
    String revision = ref.contains("@") ? ref.substring(ref.indexOf('@') + 1) : null;
    String name = cache.getMetadata().getName();
    String pvcName = name + "-cache";
    PersistentVolumeClaim existing =
        pvcs.get(new ResourceID(pvcName, cache.getMetadata().getNamespace())).orElse(null);
    Quantity size = existing == null ? null : requestedStorage(existing);
    if (size != null) {
      // A bound claim's size is fixed: keep what it was created with, and why. The why lives on
      // the PVC itself (written with it, in one create), so a status write that was lost or an
      // informer that has not seen it yet cannot turn FromHub into FromPvc.
      java.util.Map<String, String> a = existing.getMetadata().getAnnotations();
      Condition known = cond.find("SizeKnown");
      if (a != null && a.containsKey(ANNOTATION_SIZE_REASON)) {
        cond.set(
            "SizeKnown",
            "True".equals(a.get(ANNOTATION_SIZE_KNOWN)),
            a.get(ANNOTATION_SIZE_REASON),
            a.getOrDefault(ANNOTATION_SIZE_MESSAGE, ""));
      } else if (known == null) {
        // A claim made by someone else, or by an operator older than these annotations.
        cond.set("SizeKnown", true, "FromPvc", "PVC " + pvcName + " requests " + size);
      } else {
        cond.set(
            "SizeKnown", "True".equals(known.getStatus()), known.getReason(), known.getMessage());
      }
    } else {
      CacheSizer.Sized sized;
      try {
        sized =
            sizer.size(
                model,
                revision,
                spec.size,
                spec.headroomPercent == null
                    ? CacheManifests.DEFAULT_HEADROOM_PERCENT
                    : spec.headroomPercent);
      } catch (IllegalArgumentException e) {
        cond.set(
            "Ready",
            false,
            "InvalidSpec",
            "spec.size: '" + spec.size + "' is not a size such as 200Gi");
        st.phase = "Failed";
        return finish(cache, st, cond, before, events);
      }
      size = sized.size();
      cond.set("SizeKnown", sized.fromSource(), sized.reason(), sized.message());
    }
    // The provenance goes on the PVC in the same create (an existing PVC is never updated).
    Condition sizeKnown = cond.find("SizeKnown");
    java.util.Map<String, String> provenance = new java.util.LinkedHashMap<>();
    provenance.put(ANNOTATION_SIZE_KNOWN, sizeKnown.getStatus());
    provenance.put(ANNOTATION_SIZE_REASON, sizeKnown.getReason());
    provenance.put(ANNOTATION_SIZE_MESSAGE, sizeKnown.getMessage());
    ObjectMeta pvcMeta = meta(cache, pvcName);
    pvcMeta.setAnnotations(provenance);
    PersistentVolumeClaim pvc =
        new PersistentVolumeClaimBuilder()
            .withMetadata(pvcMeta)
            .withNewSpec()
            .withAccessModes(spec.accessMode == null ? "ReadWriteOnce" : spec.accessMode)
            .withStorageClassName(spec.storageClassName)
            .withNewResources()
            .addToRequests("storage", size)
            .endResources()
            .endSpec()
            .build();
    PersistentVolumeClaim livePvc = applier.apply(pvc, pvcs, true, false).live();
    String bound = livePvc.getStatus() == null ? null : livePvc.getStatus().getPhase();
    cond.set(
        "PVCBound",
        "Bound".equals(bound),
        bound == null ? "PVCPending" : "PVC" + bound,
        "PVC " + pvcName + " is " + (bound == null ? "Pending" : bound));
    Job job =
        CacheManifests.downloadJob(
            meta(cache, name + "-download"),
            source,
            spec.downloadImage == null ? image : spec.downloadImage,
            pvcName,
            spec.hfTokenSecret == null ? "hf-token" : spec.hfTokenSecret);
    Job liveJob = applier.apply(job, jobs, true, false).live();
    st.pvcName = pvcName;
    st.allocatedSize = size.toString();
    switch (CacheManifests.state(liveJob)) {
      case SUCCEEDED -> {
        cond.set("Downloaded", true, "Downloaded", source + " is in " + pvcName);
        st.phase = "Ready";
        st.progress = "downloaded";
      }
      case FAILED -> {
        cond.set(
            "Downloaded",
            false,
            "DownloadFailed",
            "Job "
                + liveJob.getMetadata().getName()
                + " failed; see kubectl logs job/"
                + liveJob.getMetadata().getName());
        st.phase = "Failed";
        st.progress = "failed";
      }
      case RUNNING -> {
        cond.set(
            "Downloaded",
            false,
            "Downloading",
            "Job " + liveJob.getMetadata().getName() + " is running");
        st.phase = "Downloading";
        st.progress = "job running";
      }
    }
    cond.set(
        "Ready",
        "Ready".equals(st.phase),
        "Ready".equals(st.phase) ? "CacheReady" : st.phase,
        "cache " + st.phase.toLowerCase(java.util.Locale.ROOT));
    return finish(cache, st, cond, before, events);
  }

  private UpdateControl<AIMCache> finish(
      AIMCache cache, AIMCacheStatus st, Conditions cond, String before, EventRecorder events) {
    st.conditions = cond.list();
    for (Conditions.Transition t : cond.transitions()) {
      boolean ok = "True".equals(t.condition().getStatus());
      if (t.previousStatus() == null
          && !ok
          && !t.condition().getType().equals("Ready")
          && PROGRESS.contains(t.condition().getReason())) {
        continue;
      }
      events.record(
          cache,
          !ok && !PROGRESS.contains(t.condition().getReason()),
          t.condition().getReason(),
          t.condition().getType() + ": " + t.condition().getMessage());
    }
    if (Serialization.asJson(st).equals(before)) {
      return UpdateControl.noUpdate();
    }
    cache.setStatus(st);
    return UpdateControl.patchStatus(cache);
  }

  private static Quantity requestedStorage(PersistentVolumeClaim pvc) {
    var spec = pvc.getSpec();
    return spec == null || spec.getResources() == null || spec.getResources().getRequests() == null
        ? null
        : spec.getResources().getRequests().get("storage");
  }

  private static ObjectMeta meta(HasMetadata owner, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/name", "aim-engine")
        .addToLabels("app.kubernetes.io/instance", owner.getMetadata().getName())
        .addToLabels(EndpointManifests.LABEL_MANAGED_BY, EndpointManifests.MANAGED_BY)
        .addToLabels("aim.engine.amd.com/cache", owner.getMetadata().getName())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .build();
  }
}
