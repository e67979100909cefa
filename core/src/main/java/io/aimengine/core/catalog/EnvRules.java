package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineVersion;
import io.aimengine.core.engine.EnvVarSpec;
import io.aimengine.core.engine.EnvVarTable;
import io.aimengine.core.hardware.GpuSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Environment variables: names the AIM schema accepts ({@code ^[A-Z0-9_]+$}), architecture lists
 * and overrides that include the recipe GPU's gfx target, gfx942+-only switches (AITER, Quick
 * Reduce: see env-vars.tsv) not set on older GPUs, ROCm variables not set for NVIDIA GPUs (they
 * would do nothing), and variables engines no longer read.
 */
final class EnvRules {
  private static final Pattern NAME = Pattern.compile("^[A-Z0-9_]+$");
  private static final GfxTarget FIRST_AITER_TARGET = new GfxTarget(9, 4, 2);

  private EnvRules() {}

  static void check(RecipeCheck c) {
    EnvVarTable table = EnvVarTable.builtIn();
    for (Map.Entry<String, String> e : c.recipe().env().entrySet()) {
      String name = e.getKey();
      String field = c.envField(name);
      if (!NAME.matcher(name).matches()) {
        c.error(
            field,
            "environment variable name '"
                + name
                + "' is not upper-case letters, digits and '_' (^[A-Z0-9_]+$)");
        continue;
      }
      Optional<EnvVarSpec> spec = table.find(name);
      if (spec.isEmpty()) {
        continue;
      }
      removed(c, spec.get(), name, field);
      c.gpu().ifPresent(gpu -> platform(c, gpu, spec.get(), name, e.getValue(), field));
    }
  }

  private static void removed(RecipeCheck c, EnvVarSpec s, String name, String field) {
    if (!s.removed() || (s.engine() != null && s.engine() != c.recipe().engine())) {
      return;
    }
    String when =
        s.removedIn() == null
            ? " is no longer read by current " + c.engineName()
            : " was removed in " + c.engineName() + " " + s.removedIn();
    Optional<EngineVersion> pinned = EngineVersion.find(c.recipe().engineVersion());
    if (pinned.isPresent() && s.removedVersion().map(pinned.get()::isAtLeast).orElse(false)) {
      c.error(field, name + when + " and the recipe pins " + c.recipe().engineVersion());
    } else {
      c.warn(field, name + when + " (" + s.note() + ")");
    }
  }

  private static void platform(
      RecipeCheck c, GpuSpec gpu, EnvVarSpec s, String name, String value, String field) {
    if (!gpu.isAmd()) {
      if (s.platform() == EnvVarSpec.Platform.ROCM) {
        c.warn(field, name + " is a ROCm setting and does nothing on " + gpu.name() + " (NVIDIA)");
      }
      return;
    }
    if (s.platform() == EnvVarSpec.Platform.CUDA) {
      c.warn(field, name + " is a CUDA setting and does nothing on " + gpu.name() + " (ROCm)");
      return;
    }
    Optional<GfxTarget> target = GfxTarget.parse(gpu.target());
    if (target.isEmpty()) {
      return;
    }
    switch (s.kind()) {
      case ARCH_LIST -> archList(c, gpu, name, value, field);
      case GFX_VERSION -> gfxVersion(c, gpu, target.get(), name, value, field);
      case FLAG -> minTarget(c, gpu, target.get(), s, name, value, field);
    }
    if (name.equals("VLLM_ATTENTION_BACKEND")
        && value.startsWith("ROCM_AITER")
        && target.get().compareTo(FIRST_AITER_TARGET) < 0) {
      c.error(
          field,
          "VLLM_ATTENTION_BACKEND="
              + value
              + " uses AITER kernels, which exist for gfx942/gfx950 only; "
              + gpu.name()
              + " is "
              + gpu.target());
    }
  }

  private static void archList(
      RecipeCheck c, GpuSpec gpu, String name, String value, String field) {
    List<String> targets =
        Arrays.stream(value.split("[;,\\s]+")).filter(t -> !t.isBlank()).toList();
    boolean includes =
        targets.stream()
            .map(GfxTarget::parse)
            .flatMap(Optional::stream)
            .anyMatch(t -> t.toString().equalsIgnoreCase(gpu.target()));
    if (!includes) {
      c.error(
          field,
          name
              + "="
              + value
              + " does not include "
              + gpu.name()
              + "'s target "
              + gpu.target()
              + "; kernels would be built or loaded for the wrong GPU");
    }
  }

  private static void gfxVersion(
      RecipeCheck c, GpuSpec gpu, GfxTarget target, String name, String value, String field) {
    Optional<GfxTarget> v = GfxTarget.parseVersion(value);
    if (v.isEmpty()) {
      c.error(
          field, name + "=" + value + " is not a gfx version (major.minor.stepping, e.g. 9.4.2)");
    } else if (!v.get().equals(target)) {
      c.error(
          field,
          name
              + "="
              + value
              + " makes ROCm treat "
              + gpu.name()
              + " ("
              + gpu.target()
              + ") as "
              + v.get()
              + "; remove it");
    }
  }

  private static void minTarget(
      RecipeCheck c,
      GpuSpec gpu,
      GfxTarget target,
      EnvVarSpec s,
      String name,
      String value,
      String field) {
    if (s.minTarget() == null || value.isBlank() || value.equals("0")) {
      return;
    }
    Optional<GfxTarget> min = GfxTarget.parse(s.minTarget());
    if (min.isPresent() && target.compareTo(min.get()) < 0) {
      c.error(
          field,
          name
              + "="
              + value
              + " needs "
              + s.minTarget()
              + " or newer ("
              + s.note()
              + "); "
              + gpu.name()
              + " is "
              + gpu.target()
              + ": drop it");
    }
  }
}
