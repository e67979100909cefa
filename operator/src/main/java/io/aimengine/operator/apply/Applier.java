package io.aimengine.operator.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates or updates one owned object so that it matches the desired state, and does nothing when
 * it already does. The desired object's hash is stored in an annotation; an update happens only
 * when the hash differs, so a reconcile that changes nothing sends no write (and an edit by someone
 * else to a field we own is repaired on the next spec change, not fought over). Updates replace the
 * object (PUT), keeping the live {@code spec.replicas} of a Deployment whose replicas an autoscaler
 * owns. Thread-safe.
 */
public final class Applier {
  public static final String HASH = "aim.engine.amd.com/desired-hash";

  /** What an apply did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** The live object after the apply and what was done. */
  public record Applied<R extends HasMetadata>(R live, Outcome outcome) {}

  private final KubernetesClient client;

  public Applier(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Applies {@code desired}, reading the live object from {@code cache} (an informer; null means
   * read from the API server).
   *
   * @param createOnly never update an existing object (PVCs and Jobs are immutable after creation)
   * @param keepReplicas keep the live Deployment's replica count (an autoscaler owns it)
   */
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata, P extends HasMetadata> Applied<R> apply(
      R desired, InformerEventSource<R, P> cache, boolean createOnly, boolean keepReplicas) {
    ResourceID id = ResourceID.fromResource(desired);
    R live = cache != null ? cache.get(id).orElse(null) : client.resource(desired).get();
    String hash = hash(desired, keepReplicas);
    annotate(desired, hash);
    if (live == null) {
      try {
        R created = client.resource(desired).create();
        if (cache != null) {
          cache.handleRecentResourceCreate(id, created);
        }
        return new Applied<>(created, Outcome.CREATED);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // The informer has not seen our own earlier create yet: read it back.
        live = client.resource(desired).get();
        if (live == null) {
          throw e;
        }
      }
    }
    if (createOnly || hash.equals(annotation(live))) {
      return new Applied<>(live, Outcome.UNCHANGED);
    }
    if (keepReplicas && desired instanceof Deployment d && live instanceof Deployment l) {
      d.getSpec().setReplicas(l.getSpec().getReplicas());
    }
    desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
    R updated = client.resource(desired).update();
    if (cache != null) {
      cache.handleRecentResourceUpdate(id, updated, live);
    }
    return new Applied<>(updated, Outcome.UPDATED);
  }

  /** SHA-256 of the desired object as JSON (replicas left out when an autoscaler owns them). */
  static String hash(HasMetadata desired, boolean ignoreReplicas) {
    Integer replicas = null;
    if (ignoreReplicas && desired instanceof Deployment d) {
      replicas = d.getSpec().getReplicas();
      d.getSpec().setReplicas(null);
    }
    String json = Serialization.asJson(desired);
    if (ignoreReplicas && desired instanceof Deployment d) {
      d.getSpec().setReplicas(replicas);
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void annotate(HasMetadata r, String hash) {
    Map<String, String> a =
        r.getMetadata().getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(r.getMetadata().getAnnotations());
    a.put(HASH, hash);
    r.getMetadata().setAnnotations(a);
  }

  private static String annotation(HasMetadata r) {
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(HASH);
  }
}
