package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.runtime.cache.Revision;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options that describe a deployment request, shared by {@code plan}, {@code launch} and {@code
 * serve}: {@code MODEL [GPU_COUNT] --precision --backend --metric --gpu --gpu-count --recipe
 * --arg}.
 */
public final class PlanOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "MODEL",
      description =
          "Hugging Face model id (Qwen/Qwen3-32B), a local model directory, or a .gguf file.")
  String model;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "GPU_COUNT",
      description = "GPUs to use (default: the smallest count that fits).")
  Integer gpuCount;

  @Option(
      names = "--precision",
      paramLabel = "P",
      description =
          "bf16, fp16, fp8, int8, int4, fp4 (default: size rule, then bf16 → fp16 → fp8).")
  String precision;

  @Option(
      names = {"--backend", "--engine"},
      paramLabel = "ENGINE",
      description = "vllm (default), sglang, or llamacpp (default for .gguf).")
  String backend;

  @Option(names = "--metric", paramLabel = "M", description = "latency (default) or throughput.")
  String metric;

  @Option(
      names = "--gpu",
      paramLabel = "MODEL",
      description = "Plan for this GPU model instead of detecting (with --gpu-count).")
  String gpu;

  @Option(
      names = "--gpu-count",
      paramLabel = "N",
      description = "How many such GPUs the target machine has (with --gpu).")
  Integer targetGpuCount;

  @Option(
      names = "--recipe",
      paramLabel = "ID",
      description = "Use exactly this recipe (also manual-selection-only ones).")
  String recipe;

  @Option(
      names = "--engine-version",
      paramLabel = "V",
      description =
          "Engine release the launch runs (e.g. 0.11.0): flags it lacks are dropped or renamed (default: newest known).")
  String engineVersion;

  @Option(
      names = "--revision",
      paramLabel = "REV",
      description =
          "Hub revision of the model: a branch, tag or commit (default: main). Cached per revision.")
  String revision;

  @Option(
      names = "--arg",
      paramLabel = "KEY=VALUE",
      description = "Override or add an engine argument (repeatable); KEY alone adds a bare flag.")
  List<String> args = List.of();

  /** The request these options describe; local model paths become absolute. */
  public PlanRequest request() {
    String m = model;
    if (m == null || m.isBlank()) {
      throw AimException.invalid(
          "Missing required parameter: 'MODEL' (serve also reads AIM_MODEL_ID)");
    }
    if (ModelFactsResolver.isLocal(m)) {
      m =
          Path.of(m.startsWith("~") ? System.getProperty("user.home") + m.substring(1) : m)
              .toAbsolutePath()
              .normalize()
              .toString();
    }
    if (gpuCount != null && gpuCount <= 0) {
      throw AimException.invalid("GPU_COUNT: expected a positive number of GPUs, got " + gpuCount);
    }
    return new PlanRequest(
        m,
        gpuCount,
        precision == null ? null : Precision.parse(precision, "--precision"),
        backend == null ? null : EngineKind.parse(backend, "--backend"),
        metric == null ? null : Metric.parse(metric, "--metric"),
        recipe,
        overrides(),
        engineVersion,
        revision == null ? null : Revision.check(revision.strip()));
  }

  /** --arg KEY=VALUE pairs; numbers stay strings (engines parse them); KEY alone is a bare flag. */
  Map<String, Object> overrides() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      String key = (eq < 0 ? a : a.substring(0, eq)).trim();
      while (key.startsWith("-")) {
        key = key.substring(1);
      }
      if (key.isEmpty() || !key.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
        throw AimException.invalid(
            "--arg '" + a + "': expected KEY=VALUE with an engine flag name as KEY");
      }
      if (key.equals("tensor-parallel-size") || key.equals("tp-size") || key.equals("tp")) {
        throw AimException.invalid(
            "--arg "
                + key
                + ": set the GPU count instead (plan MODEL N); the recipe's parallelism follows it");
      }
      out.put(key, eq < 0 ? null : a.substring(eq + 1));
    }
    return out;
  }

  /** The --gpu/--gpu-count hardware override, validated as a pair; null when not given. */
  public HardwareOverride hardware() {
    if (gpu == null && targetGpuCount == null) {
      return null;
    }
    if (gpu == null || targetGpuCount == null) {
      throw AimException.invalid(
          "--gpu and --gpu-count go together: --gpu MI300X --gpu-count 8 plans for a machine with 8 MI300X");
    }
    if (targetGpuCount <= 0) {
      throw AimException.invalid("--gpu-count: expected a positive number, got " + targetGpuCount);
    }
    return new HardwareOverride(gpu, targetGpuCount);
  }

  /** A GPU model and count to plan for instead of detecting. */
  public record HardwareOverride(String gpu, int count) {}
}
