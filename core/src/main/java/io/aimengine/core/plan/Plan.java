package io.aimengine.core.plan;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.util.List;

/**
 * The planner's decision, with its trail. {@code plan} prints it; {@code launch} applies it.
 *
 * @param model the model the user asked for
 * @param servedModel what the engine loads (recipe checkpoint, the requested id, or a local path)
 * @param engine the engine
 * @param gpuModel canonical GPU model, or "CPU"
 * @param gpuCount GPUs used (0 on CPU)
 * @param gpuIndices device indices chosen (see GpuDevice#index)
 * @param tensorParallelSize TP degree
 * @param pipelineParallelSize PP degree
 * @param precision serving precision
 * @param metric what the recipe is tuned for
 * @param recipe the chosen recipe, engine args final (context lowered, overrides applied)
 * @param memory per-GPU memory arithmetic of the chosen recipe
 * @param candidates every recipe considered, in ranking order, the chosen one first
 * @param reasons the decision trail, one line per decision
 * @param warnings things the user should know (capped GPU count, lowered context, dropped flags)
 * @param facts the model facts used
 * @param engineVersion the engine release the flags were fitted to
 * @param modelFiles the files of the Hub repo the engine loads when the plan chose some (one GGUF
 *     quantization), null for the repo's default set or a local path
 * @param revision the Hub revision of the served model (branch, tag or commit), {@code main} unless
 *     the request named another
 * @param migDevices the {@code MIG-…} ids of the NVIDIA MIG instances the plan runs on (what
 *     CUDA_VISIBLE_DEVICES and a container's device request must name: a MIG instance has no index
 *     of its own), empty when the chosen devices are whole GPUs
 */
public record Plan(
    String model,
    String servedModel,
    EngineKind engine,
    String gpuModel,
    int gpuCount,
    List<Integer> gpuIndices,
    int tensorParallelSize,
    int pipelineParallelSize,
    Precision precision,
    Metric metric,
    Recipe recipe,
    MemoryEstimate memory,
    List<Candidate> candidates,
    List<String> reasons,
    List<String> warnings,
    ModelFacts facts,
    String engineVersion,
    io.aimengine.core.model.RepoFiles modelFiles,
    String revision,
    List<String> migDevices) {

  public Plan {
    revision = revision == null ? PlanRequest.DEFAULT_REVISION : revision;
    migDevices = migDevices == null ? List.of() : List.copyOf(migDevices);
    gpuIndices = List.copyOf(gpuIndices);
    candidates = List.copyOf(candidates);
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
  }

  /**
   * The precision the weights are held in: the recipe's (or that of the quantization it asks for),
   * unless the checkpoint is stored narrower, as a checkpoint already quantized is (FP8, MXFP4,
   * AWQ, GPTQ): the engine serves it as stored, whatever the recipe's label, and the weights are
   * sized so ({@link ModelFacts#weightBytesAt}). The recipe's when the model's facts are unknown.
   */
  public Precision weightsPrecision() {
    Precision served = MemoryEstimator.weightPrecision(recipe);
    if (facts != null
        && facts.hasMemoryFacts()
        && facts.nativePrecision().bytesPerParameter() < served.bytesPerParameter()) {
      return facts.nativePrecision();
    }
    return served;
  }

  /** A plan of {@code main} that loads the repo's default files (or a local path). */
  public Plan(
      String model,
      String servedModel,
      EngineKind engine,
      String gpuModel,
      int gpuCount,
      List<Integer> gpuIndices,
      int tensorParallelSize,
      int pipelineParallelSize,
      Precision precision,
      Metric metric,
      Recipe recipe,
      MemoryEstimate memory,
      List<Candidate> candidates,
      List<String> reasons,
      List<String> warnings,
      ModelFacts facts,
      String engineVersion) {
    this(
        model,
        servedModel,
        engine,
        gpuModel,
        gpuCount,
        gpuIndices,
        tensorParallelSize,
        pipelineParallelSize,
        precision,
        metric,
        recipe,
        memory,
        candidates,
        reasons,
        warnings,
        facts,
        engineVersion,
        null,
        null,
        List.of());
  }

  /** The same plan loading {@code files} of the repo. */
  public Plan withModelFiles(io.aimengine.core.model.RepoFiles files) {
    return new Plan(
        model,
        servedModel,
        engine,
        gpuModel,
        gpuCount,
        gpuIndices,
        tensorParallelSize,
        pipelineParallelSize,
        precision,
        metric,
        recipe,
        memory,
        candidates,
        reasons,
        warnings,
        facts,
        engineVersion,
        files,
        revision,
        migDevices);
  }

  /** The same plan with {@code first} put before the other reasons. */
  Plan withReasonsFirst(List<String> first) {
    List<String> r = new java.util.ArrayList<>(first);
    r.addAll(reasons);
    return new Plan(
        model,
        servedModel,
        engine,
        gpuModel,
        gpuCount,
        gpuIndices,
        tensorParallelSize,
        pipelineParallelSize,
        precision,
        metric,
        recipe,
        memory,
        candidates,
        r,
        warnings,
        facts,
        engineVersion,
        modelFiles,
        revision,
        migDevices);
  }

  /** This plan on the given MIG instances (see {@link #migDevices}). */
  public Plan withMigDevices(List<String> ids) {
    return new Plan(
        model,
        servedModel,
        engine,
        gpuModel,
        gpuCount,
        gpuIndices,
        tensorParallelSize,
        pipelineParallelSize,
        precision,
        metric,
        recipe,
        memory,
        candidates,
        reasons,
        warnings,
        facts,
        engineVersion,
        modelFiles,
        revision,
        ids);
  }

  /** Whether the plan serves a revision other than {@code main}. */
  public boolean pinnedRevision() {
    return !revision.equals(PlanRequest.DEFAULT_REVISION);
  }
}
