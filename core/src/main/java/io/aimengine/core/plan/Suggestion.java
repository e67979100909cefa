package io.aimengine.core.plan;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeSource;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest change that would make a model fit: for each precision stage, the smallest GPU count
 * of 1, 2, 4, 8 at which a default configuration (utilization 0.9, fp8 KV cache at fp8) fits —
 * "needs 8 × MI300X at bf16, or 4 at fp8". Ignores how many GPUs are free: it answers what the
 * model needs.
 */
final class Suggestion {
  private Suggestion() {}

  static String smallestChange(
      EngineKind engine,
      Target target,
      ModelFacts facts,
      List<List<Precision>> stages,
      Integer asked) {
    if ((!facts.hasMemoryFacts() && facts.billions() <= 0) || target.isCpu()) {
      return null;
    }
    List<String> options = new ArrayList<>();
    for (List<Precision> stage : stages) {
      Precision p = stage.get(0);
      if (p == Precision.FP8 && !target.supportsFp8() && facts.nativePrecision() != Precision.FP8) {
        continue;
      }
      for (int n : SelectionRules.COUNTS) {
        MemoryEstimate m =
            MemoryEstimator.estimate(
                probe(engine, target, p, n), facts, target.deviceMemory(), true);
        if (m != null && m.fits()) {
          options.add(options.isEmpty() ? n + " × " + target.name() + " at " + p : n + " at " + p);
          break;
        }
      }
    }
    if (options.isEmpty()) {
      return "it does not fit on 8 × " + target.name() + " at any precision the catalog plans";
    }
    String needs = "needs " + String.join(", or ", options);
    return asked != null ? needs + " (asked for " + asked + ")" : needs;
  }

  private static Recipe probe(EngineKind engine, Target target, Precision p, int n) {
    Map<String, Object> args = new LinkedHashMap<>();
    if (engine == EngineKind.SGLANG) {
      args.put("tp-size", n);
    } else {
      args.put("tensor-parallel-size", n);
      args.put("gpu-memory-utilization", 0.9);
      args.put("max-model-len", 8192);
    }
    if (p == Precision.FP8) {
      args.put("kv-cache-dtype", engine == EngineKind.SGLANG ? "fp8_e4m3" : "fp8");
    }
    return new Recipe(
        "probe",
        null,
        null,
        engine,
        target.name(),
        n,
        p,
        Metric.LATENCY,
        RecipeType.GENERAL,
        false,
        args,
        Map.of(),
        null,
        new RecipeSource("(probe)", RecipeSource.Format.AIM_PROFILE, null));
  }
}
