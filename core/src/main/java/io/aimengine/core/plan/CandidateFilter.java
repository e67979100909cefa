package io.aimengine.core.plan;

import io.aimengine.core.catalog.Measurement;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Candidate.Verdict;
import java.util.List;

/**
 * Gives one recipe its verdict for a request on a target: the first failed filter, else the memory
 * fit. Filters, in order: engine, GPU model, manual-only, precision, hardware precision support,
 * GPU count, parallelism, memory.
 */
final class CandidateFilter {
  private final EngineKind engine;
  private final Target target;
  private final Integer askedCount;
  private final Precision askedPrecision;
  private final boolean explicit;
  private final List<Precision> preference;
  private final List<Integer> counts;
  private final ModelFacts facts;
  private final FlagCompatibility flags;

  /** This host's CPU as measured recipes name it ({@link Measurement#cpuHardware}). */
  private final String cpuHardware;

  CandidateFilter(
      EngineKind engine,
      Target target,
      PlanRequest request,
      boolean explicit,
      List<Precision> preference,
      List<Integer> counts,
      ModelFacts facts,
      FlagCompatibility flags,
      String cpuHardware) {
    this.cpuHardware = cpuHardware;
    this.engine = engine;
    this.target = target;
    this.askedCount = request.gpuCount();
    this.askedPrecision = request.precision();
    this.explicit = explicit;
    this.preference = preference;
    this.counts = counts;
    this.facts = facts;
    this.flags = flags;
  }

  Candidate evaluate(Recipe r) {
    if (r.engine() != engine) {
      return reject(
          r,
          Verdict.ENGINE_MISMATCH,
          r.engine()
              + " recipe, planning for "
              + engine
              + " (--backend "
              + r.engine()
              + " to use it)");
    }
    if (!r.gpu().equalsIgnoreCase(target.name())) {
      return reject(
          r, Verdict.GPU_MISMATCH, "recipe for " + r.gpu() + ", target is " + target.name());
    }
    if (target.isCpu()
        && !explicit
        && r.type() == RecipeType.MEASURED
        && r.measured() != null
        && r.measured().hardware().startsWith(Target.CPU)
        && !r.measured().hardware().equals(cpuHardware)) {
      // For a GPU the model and count are the hardware; on a CPU a measurement holds for that CPU.
      return reject(
          r,
          Verdict.GPU_MISMATCH,
          "measured on " + r.measured().hardware() + ", this host is " + cpuHardware);
    }
    String badFlags = flags.unusable(r);
    if (badFlags != null) {
      return reject(r, Verdict.INVALID_FLAGS, badFlags);
    }
    if (r.manualSelectionOnly() && !explicit) {
      return reject(r, Verdict.MANUAL_SELECTION_ONLY, "chosen only on request: --recipe " + r.id());
    }
    if (askedPrecision != null && r.precision() != askedPrecision) {
      return reject(
          r, Verdict.PRECISION_MISMATCH, r.precision() + " recipe, " + askedPrecision + " asked");
    }
    if (askedPrecision == null
        && !explicit
        && !preference.contains(r.precision())
        && !target.isCpu()) {
      return reject(
          r,
          Verdict.PRECISION_MISMATCH,
          r.precision() + " is chosen only with --precision " + r.precision());
    }
    String unsupported = unsupportedPrecision(r.precision());
    if (unsupported != null) {
      return reject(r, Verdict.PRECISION_UNSUPPORTED, unsupported);
    }
    if (!target.isCpu()) {
      if (askedCount != null && r.gpuCount() != counts.get(0)) {
        return reject(
            r,
            Verdict.GPU_COUNT_MISMATCH,
            "recipe uses " + r.gpuCount() + " GPUs, " + counts.get(0) + " asked");
      }
      if (r.gpuCount() > target.available()) {
        return reject(
            r,
            Verdict.NOT_ENOUGH_GPUS,
            "needs " + r.gpuCount() + " × " + target.name() + ", " + target.available() + " free");
      }
      if (askedCount == null && !explicit && !counts.contains(r.gpuCount())) {
        return reject(
            r,
            Verdict.GPU_COUNT_MISMATCH,
            "recipe uses " + r.gpuCount() + " GPUs; counts considered: " + counts);
      }
      String par = parallelismProblem(r);
      if (par != null) {
        return reject(r, Verdict.INVALID_PARALLELISM, par);
      }
    }
    MemoryEstimate m = MemoryEstimator.estimate(r, facts, target.deviceMemory(), true);
    if (m == null) {
      return new Candidate(r, Verdict.FITS, "memory not checked (no model facts)", null);
    }
    String numbers =
        Gib.format(m.totalPerGpu())
            + " of "
            + Gib.format(m.budgetPerGpu())
            + " budget per "
            + (target.isCpu() ? "host" : "GPU");
    if (!m.fits()) {
      return new Candidate(
          r,
          Verdict.DOES_NOT_FIT,
          Verdict.DOES_NOT_FIT.code()
              + ": needs "
              + Gib.format(m.totalPerGpu())
              + "/GPU (weights "
              + Gib.format(m.weightsPerGpu())
              + " + KV "
              + Gib.format(m.kvCachePerGpu())
              + " for "
              + m.maxModelLen()
              + " tokens + runtime "
              + Gib.format(m.overheadPerGpu())
              + "), has "
              + Gib.format(m.budgetPerGpu()),
          m);
    }
    if (m.maxModelLenLoweredFrom() > 0) {
      return new Candidate(
          r,
          Verdict.FITS,
          "fits with context lowered from "
              + m.maxModelLenLoweredFrom()
              + " to "
              + m.maxModelLen()
              + " ("
              + numbers
              + ")",
          m);
    }
    return new Candidate(r, Verdict.FITS, "fits (" + numbers + ")", m);
  }

  private String unsupportedPrecision(Precision p) {
    if (target.isCpu() || target.spec() == null) {
      return null;
    }
    boolean fp8Checkpoint = facts.nativePrecision() == Precision.FP8;
    if (p == Precision.FP8 && !target.supportsFp8() && !fp8Checkpoint) {
      return target.name() + " has no FP8 support";
    }
    // An MXFP4 checkpoint (gpt-oss) runs weight-only on GPUs without FP4 hardware: vLLM on ROCm
    // serves it on MI300X/MI325X (and AMD publishes MI250X profiles for it).
    boolean fp4Checkpoint = facts.nativePrecision() == Precision.FP4;
    if (p == Precision.FP4 && !target.supportsFp4() && !fp4Checkpoint) {
      return target.name() + " has no FP4 support";
    }
    return null;
  }

  private String parallelismProblem(Recipe r) {
    MemoryEstimator.Parallelism p = MemoryEstimator.parallelism(r);
    if (r.gpuCount() > 0 && p.gpus() != r.gpuCount()) {
      return "tensor × pipeline × data parallel = "
          + p.tp()
          + " × "
          + p.pp()
          + " × "
          + p.dp()
          + " = "
          + p.gpus()
          + " GPUs, recipe says "
          + r.gpuCount();
    }
    Architecture a = facts.architecture();
    if (a != null && a.attentionHeads() > 0 && a.attentionHeads() % p.tp() != 0) {
      return a.attentionHeads() + " attention heads are not divisible by tensor parallel " + p.tp();
    }
    return null;
  }

  private static Candidate reject(Recipe r, Verdict v, String why) {
    return new Candidate(r, v, v.code() + ": " + why, null);
  }
}
