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

  /** PVC size; absent: the model's weight size from the catalog plus headroom, else 100Gi. */
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
