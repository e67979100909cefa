package io.aimengine.cli;

import io.aimengine.core.engine.CompanionRepos;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.plan.Candidate;
import io.aimengine.core.plan.MemoryEstimate;
import io.aimengine.core.plan.NoFeasiblePlanException;
import io.aimengine.core.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a plan (docs/recipes.md, "plan --json"). Field names are a stable contract: add
 * fields, never rename or remove them.
 */
public final class PlanView {
  private PlanView() {}

  /** The plan with the runtime a launch would use and why. */
  public static Map<String, Object> of(
      Plan p, LaunchSpec spec, io.aimengine.runtime.endpoint.RuntimeChoice choice) {
    Map<String, Object> m = of(p, spec);
    m.put("runtime", choice.runtime());
    m.put("runtime_reason", choice.why());
    return m;
  }

  public static Map<String, Object> of(Plan p, LaunchSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", p.model());
    m.put("served_model", p.servedModel());
    m.put("revision", p.revision());
    List<Map<String, Object>> companions = new java.util.ArrayList<>();
    for (CompanionRepos.Companion c : CompanionRepos.of(p)) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("role", c.role());
      cm.put("repo", c.repo());
      cm.put("revision", c.revision());
      cm.put("flag", c.flag());
      companions.add(cm);
    }
    m.put("companion_repos", companions);
    m.put("engine", p.engine().label());
    m.put("engine_version", p.engineVersion());
    m.put("gpu_model", p.gpuModel());
    m.put("gpu_count", p.gpuCount());
    m.put("gpu_indices", p.gpuIndices());
    m.put("tensor_parallel_size", p.tensorParallelSize());
    m.put("pipeline_parallel_size", p.pipelineParallelSize());
    m.put("precision", p.precision().label());
    m.put("weights_precision", p.weightsPrecision().label());
    m.put("metric", p.metric().label());
    m.put("recipe_id", p.recipe().id());
    m.put("recipe_type", p.recipe().type().label());
    m.put("recipe_file", p.recipe().source().file());
    m.put("engine_args", p.recipe().engineArgs());
    m.put("argv", spec.argv());
    m.put("env", spec.env());
    m.put("unset_env", spec.unsetEnv());
    m.put("host", spec.host());
    m.put("port", spec.port());
    m.put("health_path", spec.healthPath());
    m.put("readiness_path", spec.readinessPath());
    m.put("served_model_name", spec.servedModelName());
    m.put("container_image", spec.container().image());
    m.put("container_image_pinned", spec.container().imageVouched());
    m.put("docker_run", spec.container().dockerRun());
    m.put("memory", memory(p.memory()));
    m.put("reasons", p.reasons());
    m.put("warnings", p.warnings());
    m.put("candidates", candidates(p.candidates()));
    return m;
  }

  /** The JSON printed when nothing fits (exit 3). */
  public static Map<String, Object> of(NoFeasiblePlanException e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", e.getMessage());
    m.put("exit_code", e.exitCode().code());
    m.put("suggestion", e.suggestion());
    m.put("reasons", e.reasons());
    m.put("candidates", candidates(e.candidates()));
    return m;
  }

  static Map<String, Object> memory(MemoryEstimate e) {
    if (e == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("weights_per_gpu_bytes", e.weightsPerGpu());
    m.put("kv_cache_per_gpu_bytes", e.kvCachePerGpu());
    m.put("overhead_per_gpu_bytes", e.overheadPerGpu());
    m.put("total_per_gpu_bytes", e.totalPerGpu());
    m.put("budget_per_gpu_bytes", e.budgetPerGpu());
    m.put("device_memory_bytes", e.deviceMemory());
    m.put("utilization", e.utilization());
    m.put("max_model_len", e.maxModelLen());
    m.put(
        "max_model_len_lowered_from",
        e.maxModelLenLoweredFrom() == 0 ? null : e.maxModelLenLoweredFrom());
    m.put("kv_bytes_per_token", e.kvBytesPerToken());
    m.put("kv_pool_per_gpu_bytes", e.kvPoolPerGpu());
    m.put("kv_pool_tokens", e.kvPoolTokens());
    m.put("headroom_tokens", e.headroomTokens());
    m.put("concurrency", Math.round(e.concurrency() * 100) / 100.0);
    m.put("fits", e.fits());
    return m;
  }

  static List<Map<String, Object>> candidates(List<Candidate> cs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Candidate c : cs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.recipe().id());
      m.put("engine", c.recipe().engine().label());
      m.put("gpu", c.recipe().gpu());
      m.put("gpu_count", c.recipe().gpuCount());
      m.put("precision", c.recipe().precision().label());
      m.put("metric", c.recipe().metric().label());
      m.put("type", c.recipe().type().label());
      m.put("accepted", c.accepted());
      m.put("verdict", c.verdict().code());
      m.put("reason", c.reason());
      m.put("total_per_gpu_bytes", c.memory() == null ? null : c.memory().totalPerGpu());
      out.add(m);
    }
    return out;
  }
}
