package io.aimengine.runtime.health;

import java.time.Duration;

/**
 * How long an engine may take to become ready: {@code 90 s + 10 s per GiB of weights}, at most 2 h.
 * The base covers interpreter start, imports, graph capture and compilation; the per-GiB term
 * covers reading weights from disk (about 100 MiB/s, a slow network volume) and placing them. A 1
 * GiB GGUF gets 100 s, a 64 GiB 32B bf16 model about 12 min, a 640 GiB fp8 DeepSeek-V3 about 1 h 48
 * min. {@code --timeout} overrides it.
 */
public final class StartupBudget {
  static final Duration BASE = Duration.ofSeconds(90);
  static final Duration PER_GIB = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofHours(2);

  private StartupBudget() {}

  public static Duration forWeights(long weightBytes) {
    double gib = Math.max(0, weightBytes) / (1024.0 * 1024 * 1024);
    Duration d = BASE.plusMillis(Math.round(gib * PER_GIB.toMillis()));
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
