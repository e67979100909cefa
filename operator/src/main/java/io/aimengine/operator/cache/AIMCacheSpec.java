package io.aimengine.operator.cache;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where the weights come from and what storage holds them. */
public class AIMCacheSpec {
  /** {@code hf://org/model} or {@code hf://org/model@revision}. */
  @Required
  @Pattern("^hf://[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9._/-]+)?$")
  public String source;

  /**
   * PVC size; absent: what {@code cache pull} fetches of the revision as the Hub lists it, plus
   * headroom; without the Hub, the catalog's weight size plus headroom, else 100Gi.
   */
  public String size;

  @Min(0)
  public Integer headroomPercent;

  public String storageClassName;

  /** ReadWriteOnce (default) or ReadWriteMany (replicas on several nodes share the cache). */
  @Pattern("^(ReadWriteOnce|ReadWriteMany|ReadOnlyMany|ReadWriteOncePod)$")
  public String accessMode;

  /** Image of the download Job (default: the AIM Engine image of this operator's version). */
  public String downloadImage;

  /** Secret with the Hugging Face token under key {@code token} (default hf-token, optional). */
  public String hfTokenSecret;
}
