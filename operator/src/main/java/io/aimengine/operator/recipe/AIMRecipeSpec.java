package io.aimengine.operator.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** An AIM profile: the same field names as the files under {@code recipes/}. */
public class AIMRecipeSpec {
  /** The catalog model the recipe belongs to ("Qwen/Qwen3-32B"). */
  @JsonProperty("aim_id")
  public String aimId;

  /** The checkpoint the engine loads (may be a variant, "Qwen/Qwen3-32B-FP8"). */
  @Required
  @JsonProperty("model_id")
  public String modelId;

  @Required public Metadata metadata;

  /** Engine arguments, names without leading dashes; a null value is a bare flag. */
  @JsonProperty("engine_args")
  @PreserveUnknownFields
  public JsonNode engineArgs;

  @JsonProperty("env_vars")
  public Map<String, String> envVars;

  /** The profile's metadata block. */
  public static class Metadata {
    @Required public String engine;
    @Required public String gpu;

    @Required
    @JsonProperty("gpu_count")
    public Integer gpuCount;

    @Required public String precision;
    @Required public String metric;
    @Required public String type;

    @Required
    @JsonProperty("manual_selection_only")
    public Boolean manualSelectionOnly;

    @JsonProperty("engine_version")
    public String engineVersion;
  }
}
