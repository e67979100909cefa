package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.model.Precision;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Precision against dtype, quantization, KV-cache dtype and the GPU. A 16-bit recipe runs 16-bit
 * weights of the precision it names; an 8- or 4-bit recipe legitimately runs 16-bit activations
 * ({@code dtype float16/bfloat16}) over quantized weights or a quantized checkpoint. FP8 needs
 * hardware FP8 (not MI200-series or A100), FP4 hardware FP4.
 */
final class PrecisionRules {
  private static final Set<String> FP8_METHODS =
      Set.of("fp8", "ptpc_fp8", "fbgemm_fp8", "w8a8_fp8", "modelopt_fp8", "mxfp8", "modelopt");
  private static final Set<String> FOUR_BIT_METHODS =
      Set.of("awq", "awq_marlin", "gptq", "gptq_marlin", "marlin", "moe_wna16");
  private static final Set<String> FP4_METHODS =
      Set.of("mxfp4", "modelopt_fp4", "nvfp4", "quark_mxfp4");

  private PrecisionRules() {}

  static void check(RecipeCheck c) {
    if (c.recipe().engine() == EngineKind.LLAMACPP) {
      return;
    }
    Precision p = c.recipe().precision();
    dtype(c, p);
    Optional<String> q = c.text("quantization").map(s -> s.toLowerCase(Locale.ROOT));
    q.ifPresent(method -> quantization(c, p, method));
    c.gpu().ifPresent(gpu -> hardware(c, gpu, p, q));
    fp8Weights(c, p, q);
  }

  private static void dtype(RecipeCheck c, Precision p) {
    Optional<String> dtype = c.text("dtype").map(s -> s.toLowerCase(Locale.ROOT));
    if (dtype.isEmpty() || dtype.get().equals("auto")) {
      return;
    }
    String d = dtype.get();
    Optional<Precision> dp =
        switch (d) {
          case "float16", "half" -> Optional.of(Precision.FP16);
          case "bfloat16" -> Optional.of(Precision.BF16);
          case "float", "float32" -> Optional.of(Precision.FP32);
          default -> Optional.empty(); // not a valid choice: the flag rules report it
        };
    if (dp.isEmpty()) {
      return;
    }
    boolean ok =
        switch (p) {
          case FP16, BF16, FP32 -> dp.get() == p;
          // quantized weights under 16-bit activations; fp32 activations defeat the point
          case FP8, INT8, FP4, INT4 -> dp.get() != Precision.FP32;
        };
    if (!ok) {
      String field = c.arg("dtype").map(a -> c.argField(a.key())).orElse("");
      c.error(
          field,
          "--dtype "
              + d
              + " runs "
              + dp.get().label()
              + " but the recipe's precision is "
              + p.label()
              + (p.bits() == 16
                  ? "; use --dtype " + dtypeFor(p) + " or auto"
                  : "; use auto, float16 or bfloat16 activations"));
    }
  }

  private static String dtypeFor(Precision p) {
    return switch (p) {
      case BF16 -> "bfloat16";
      case FP32 -> "float32";
      default -> "float16";
    };
  }

  private static void quantization(RecipeCheck c, Precision p, String method) {
    String field = c.arg("quantization").map(a -> c.argField(a.key())).orElse("");
    Precision implied = null;
    if (FP8_METHODS.contains(method)) {
      implied = Precision.FP8;
    } else if (FP4_METHODS.contains(method)) {
      implied = Precision.FP4;
    } else if (FOUR_BIT_METHODS.contains(method)) {
      if (p == Precision.INT4 || p == Precision.INT8) {
        return; // GPTQ/AWQ checkpoints come in 4 and 8 bits
      }
      implied = Precision.INT4;
    }
    if (implied != null && implied != p) {
      c.error(
          field,
          "--quantization "
              + method
              + " serves "
              + implied.label()
              + " weights but the recipe's precision is "
              + p.label()
              + "; set precision: "
              + implied.label()
              + " or drop the quantization");
    }
  }

  private static void hardware(RecipeCheck c, GpuSpec gpu, Precision p, Optional<String> q) {
    if (!gpu.fp8()) {
      if (p == Precision.FP8) {
        c.error(
            c.metaField("precision"),
            "precision fp8 needs hardware FP8, which "
                + gpu.name()
                + " ("
                + gpu.target()
                + ") lacks; use bf16 or fp16");
      } else if (q.isPresent() && FP8_METHODS.contains(q.get())) {
        c.error(
            c.argField(c.arg("quantization").get().key()),
            "--quantization " + q.get() + " needs hardware FP8, which " + gpu.name() + " lacks");
      }
      Optional<String> kv = c.text("kv-cache-dtype").map(s -> s.toLowerCase(Locale.ROOT));
      if (kv.isPresent() && kv.get().startsWith("fp8")) {
        c.error(
            c.argField(c.arg("kv-cache-dtype").get().key()),
            "--kv-cache-dtype "
                + kv.get()
                + " needs hardware FP8, which "
                + gpu.name()
                + " ("
                + gpu.target()
                + ") lacks; use auto");
      }
    }
    // An MXFP4 checkpoint (gpt-oss) runs weight-only where there is no FP4 hardware: vLLM on ROCm
    // serves it on MI300X/MI325X and AMD publishes MI250X profiles for it. Online FP4 quantization
    // of a 16-bit checkpoint still needs the hardware.
    boolean fp4Checkpoint =
        c.model()
            .map(m -> m.factsFor(servedOrModel(c)).nativePrecision() == Precision.FP4)
            .orElse(false);
    if (!gpu.fp4()
        && ((p == Precision.FP4 && !fp4Checkpoint) || q.map(FP4_METHODS::contains).orElse(false))) {
      c.error(
          c.metaField("precision"),
          "FP4 weights need hardware FP4 (MI350 series, B200), which " + gpu.name() + " lacks");
    }
    Optional<String> kv = c.text("kv-cache-dtype").map(s -> s.toLowerCase(Locale.ROOT));
    if (gpu.isAmd()
        && c.recipe().engine() == EngineKind.VLLM
        && kv.map(k -> k.equals("fp8_e5m2")).orElse(false)) {
      c.error(
          c.argField(c.arg("kv-cache-dtype").get().key()),
          "--kv-cache-dtype fp8_e5m2 is CUDA-only in vLLM; on ROCm use fp8 (= fp8_e4m3)");
    }
  }

  private static String servedOrModel(RecipeCheck c) {
    Recipe r = c.recipe();
    return r.servedModel() != null ? r.servedModel() : r.modelId() != null ? r.modelId() : "";
  }

  /** An fp8 model recipe needs fp8 weights: quantization, or an FP8 checkpoint. */
  private static void fp8Weights(RecipeCheck c, Precision p, Optional<String> q) {
    Recipe r = c.recipe();
    if (p != Precision.FP8 || q.isPresent() || r.isGeneral()) {
      return;
    }
    String served = r.servedModel() == null ? "" : r.servedModel();
    boolean fp8Name = served.toLowerCase(Locale.ROOT).contains("fp8");
    boolean fp8Checkpoint =
        c.model()
            .map(
                m ->
                    m.facts().nativePrecision() == Precision.FP8
                        && (served.isEmpty() || served.equalsIgnoreCase(m.id())))
            .orElse(false);
    if (!fp8Name && !fp8Checkpoint) {
      c.warn(
          c.metaField("precision"),
          "precision fp8 but "
              + (served.isEmpty() ? "the served model" : served)
              + " does not look like an FP8 checkpoint and no --quantization is set; add"
              + " quantization: fp8 or serve an FP8 variant");
    }
  }
}
