package io.aimengine.operator.cache;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Download progress and where the cache lives. */
public class AIMCacheStatus {
  public Long observedGeneration;

  /** Pending, Downloading, Ready or Failed. */
  public String phase;

  /** Human progress ("job running", "downloaded"). */
  public String progress;

  public String pvcName;

  public String allocatedSize;

  /** PVCBound, Downloaded, Ready. */
  public List<Condition> conditions = new ArrayList<>();
}
