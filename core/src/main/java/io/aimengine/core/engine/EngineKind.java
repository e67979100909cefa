package io.aimengine.core.engine;

import io.aimengine.core.AimException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The serving engines AIM Engine can plan for. */
public enum EngineKind {
  VLLM("vllm"),
  SGLANG("sglang"),
  LLAMACPP("llamacpp");

  private final String label;

  EngineKind(String label) {
    this.label = label;
  }

  /** The name used in recipes and on the command line. */
  public String label() {
    return label;
  }

  public static Optional<EngineKind> find(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String l = label.trim().toLowerCase(Locale.ROOT).replace("-", "").replace(".", "");
    for (EngineKind k : values()) {
      if (k.label.equals(l)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Parses a user-supplied engine name or fails naming the accepted values. */
  public static EngineKind parse(String label, String where) {
    return find(label)
        .orElseThrow(
            () ->
                AimException.invalid(
                    where
                        + ": unknown engine '"
                        + label
                        + "'; expected one of "
                        + Arrays.stream(values())
                            .map(EngineKind::label)
                            .collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return label;
  }
}
