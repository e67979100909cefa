package io.aimengine.core.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * What AIM Engine knows about an environment variable recipes set (resource {@code env-vars.tsv}).
 *
 * @param pattern the name, or a prefix ending in '*'
 * @param platform where it is read
 * @param minTarget lowest AMD compiler target it works on ("gfx942"), null when any
 * @param kind how its value is interpreted
 * @param removed true when the engine no longer reads it
 * @param removedIn engine release that stopped reading it, null when not pinned
 * @param engine the engine the removal version belongs to, null for any
 * @param note one line
 */
public record EnvVarSpec(
    String pattern,
    Platform platform,
    String minTarget,
    Kind kind,
    boolean removed,
    String removedIn,
    EngineKind engine,
    String note) {

  /** Which GPU software stack reads a variable. */
  public enum Platform {
    ROCM,
    CUDA,
    ANY
  }

  /** How a variable's value is read. */
  public enum Kind {
    /** a switch or setting. */
    FLAG,
    /** a list of gfx targets (PYTORCH_ROCM_ARCH, GPU_ARCHS), separated by ';', ',' or spaces. */
    ARCH_LIST,
    /** HSA_OVERRIDE_GFX_VERSION: "9.4.2" stands for gfx942. */
    GFX_VERSION;

    static Kind parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** True when {@code name} is this variable or starts with this prefix. */
  public boolean matches(String name) {
    if (pattern.endsWith("*")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return name.equals(pattern);
  }

  public Optional<EngineVersion> removedVersion() {
    return EngineVersion.find(removedIn);
  }
}
