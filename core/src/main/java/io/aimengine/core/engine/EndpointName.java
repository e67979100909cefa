package io.aimengine.core.engine;

import io.aimengine.core.plan.Plan;
import java.util.Locale;

/**
 * Endpoint names as the original design gave them: {@code
 * aim-engine-<model-slug>-<n>gpu-<precision>-<backend>}; the runtime adds a numeric suffix on
 * collision. Also valid container names (lower case, [a-z0-9-]).
 */
public final class EndpointName {
  private EndpointName() {}

  /** The base name for a plan ("aim-engine-qwen-qwen3-32b-1gpu-fp16-vllm"). */
  public static String base(Plan plan) {
    String hw = plan.gpuCount() == 0 ? "cpu" : plan.gpuCount() + "gpu";
    return "aim-engine-"
        + slug(plan.model())
        + "-"
        + hw
        + "-"
        + plan.precision().label()
        + "-"
        + plan.engine().label();
  }

  /** Lower-case slug: path and file extension dropped for local models, non-alphanumerics → '-'. */
  public static String slug(String model) {
    String m = model;
    if (Launches.isLocalPath(m)) {
      m = m.replaceAll("/+$", "");
      m = m.substring(m.lastIndexOf('/') + 1).replaceAll("\\.gguf$", "");
    }
    String s = m.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "model" : s;
  }
}
