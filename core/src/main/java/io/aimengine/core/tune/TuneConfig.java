package io.aimengine.core.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One configuration {@code tune} tries: engine arguments laid over the planned recipe, and the GPU
 * count (= tensor parallelism) it runs on.
 *
 * @param index 1-based position in the sweep
 * @param gpuCount GPUs (the tensor-parallel size) for vLLM and SGLang; null for llama.cpp and
 *     wherever the planner decides
 * @param args engine flag (no dashes) → value, as {@code --arg KEY=VALUE} would give it
 */
public record TuneConfig(int index, Integer gpuCount, Map<String, String> args) {
  public TuneConfig {
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /** {@code tp=2 max-num-seqs=128 ...}: what is varied, in sweep order. */
  public String label() {
    String a =
        args.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    return gpuCount == null ? a : ("tp=" + gpuCount + (a.isEmpty() ? "" : " " + a));
  }
}
