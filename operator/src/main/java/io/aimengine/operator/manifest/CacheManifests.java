package io.aimengine.operator.manifest;

import io.aimengine.core.model.ModelFacts;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The model-cache download Job and PVC sizing, shared by AIMEndpoint (its own cache) and AIMCache.
 * The Job runs {@code aim-engine cache pull} from the AIM Engine image into the PVC, in the Hugging
 * Face hub layout that the engines read in place. Stateless.
 */
public final class CacheManifests {
  public static final int DEFAULT_HEADROOM_PERCENT = 10;
  static final String FALLBACK_SIZE = "100Gi";

  private CacheManifests() {}

  /**
   * The Job that fills {@code pvc} from {@code source} ({@code hf://org/model[@rev]}).
   *
   * @param meta the Job's name, namespace, labels and owner
   */
  public static Job downloadJob(
      ObjectMeta meta, String source, String image, String pvc, String hfTokenSecret) {
    String ref = source.substring("hf://".length());
    int at = ref.indexOf('@');
    List<String> args =
        new ArrayList<>(List.of("cache", "pull", at < 0 ? ref : ref.substring(0, at)));
    if (at >= 0) {
      args.addAll(List.of("--revision", ref.substring(at + 1)));
    }
    return new JobBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withBackoffLimit(2)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(meta.getLabels())
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("download")
        .withImage(image)
        .withCommand("aim-engine")
        .withArgs(args)
        .addNewEnv()
        .withName("AIM_CACHE_DIR")
        .withValue(EndpointManifests.CACHE_MOUNT)
        .endEnv()
        .addToEnv(EndpointManifests.secretEnv("HF_TOKEN", hfTokenSecret))
        .addNewVolumeMount()
        .withName("model-cache")
        .withMountPath(EndpointManifests.CACHE_MOUNT)
        .endVolumeMount()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .endSecurityContext()
        .endContainer()
        .addNewVolume()
        .withName("model-cache")
        .withNewPersistentVolumeClaim()
        .withClaimName(pvc)
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Weights at the model's stored precision plus headroom, in whole GiB; 100Gi when unknown. */
  public static Quantity sizeFor(ModelFacts facts, int headroomPercent) {
    if (facts == null || !facts.hasMemoryFacts()) {
      return new Quantity(FALLBACK_SIZE);
    }
    double bytes = facts.weightBytesAt(facts.nativePrecision()) * (1 + headroomPercent / 100.0);
    long gib = (long) Math.ceil(bytes / (1L << 30));
    return new Quantity(Math.max(1, gib) + "Gi");
  }

  /** Job state from its status: succeeded, failed (backoff exhausted) or still running. */
  public enum JobState {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public static JobState state(Job job) {
    if (job == null || job.getStatus() == null) {
      return JobState.RUNNING;
    }
    var s = job.getStatus();
    if (s.getSucceeded() != null && s.getSucceeded() >= 1) {
      return JobState.SUCCEEDED;
    }
    if (s.getConditions() != null
        && s.getConditions().stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return JobState.FAILED;
    }
    return JobState.RUNNING;
  }
}
