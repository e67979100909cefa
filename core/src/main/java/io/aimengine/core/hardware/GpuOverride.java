package io.aimengine.core.hardware;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import java.util.Optional;

/**
 * Hardware the user tells AIM Engine to assume instead of (or on top of) detecting: CLI {@code
 * --gpu/--gpu-count}, or {@code AIM_GPU_MODEL/AIM_GPU_COUNT} (the names AMD's runtime uses). Flags
 * win over the environment field by field.
 *
 * <ul>
 *   <li>model and count: nothing is detected; the inventory is {@code count x model}, indices
 *       0..count-1 (count 0 = CPU only);
 *   <li>model only: detection runs; its devices are kept when they are that model, otherwise the
 *       detected count of the given model is assumed; no GPU detected is an error;
 *   <li>count only: detection runs and the first {@code count} visible GPUs are used; fewer is an
 *       error.
 * </ul>
 *
 * @param model GPU model name or alias, null when not given
 * @param count GPU count (>= 0), null when not given
 * @param origin how the user gave it, for messages: "--gpu/--gpu-count" or
 *     "AIM_GPU_MODEL/AIM_GPU_COUNT"
 */
public record GpuOverride(String model, Integer count, String origin) {
  public static final String FLAGS = "--gpu/--gpu-count";
  public static final String ENV = "AIM_GPU_MODEL/AIM_GPU_COUNT";

  public GpuOverride {
    if (count != null && count < 0) {
      throw AimException.invalid(origin + ": GPU count " + count + " must be 0 or more");
    }
    if (model != null && model.isBlank()) {
      model = null;
    }
  }

  /** From CLI flags; empty when neither flag was given. */
  public static Optional<GpuOverride> flags(String model, Integer count) {
    return model == null && count == null
        ? Optional.empty()
        : Optional.of(new GpuOverride(model, count, FLAGS));
  }

  /** From AIM_GPU_MODEL / AIM_GPU_COUNT; empty when neither is set. */
  public static Optional<GpuOverride> fromEnv(Settings settings) {
    String model = settings.gpuModelOverride().orElse(null);
    var count = settings.gpuCountOverride();
    return model == null && count.isEmpty()
        ? Optional.empty()
        : Optional.of(new GpuOverride(model, count.isPresent() ? count.getAsInt() : null, ENV));
  }

  /** Flags field by field over the environment. */
  static Optional<GpuOverride> merge(Optional<GpuOverride> flags, Optional<GpuOverride> env) {
    if (flags.isEmpty()) {
      return env;
    }
    if (env.isEmpty()) {
      return flags;
    }
    GpuOverride f = flags.get();
    GpuOverride e = env.get();
    String model = f.model() != null ? f.model() : e.model();
    Integer count = f.count() != null ? f.count() : e.count();
    boolean mixed =
        (f.model() == null && e.model() != null) || (f.count() == null && e.count() != null);
    return Optional.of(new GpuOverride(model, count, mixed ? FLAGS + " with " + ENV : FLAGS));
  }

  public boolean complete() {
    return model != null && count != null;
  }

  /** "--gpu MI300X --gpu-count 8"-style description of what was given. */
  String describe() {
    StringBuilder b = new StringBuilder(origin).append(':');
    if (model != null) {
      b.append(" model ").append(model);
    }
    if (count != null) {
      b.append(" count ").append(count);
    }
    return b.toString();
  }
}
