package io.aimengine.core.model;

import io.aimengine.core.AimException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Serving precision of a recipe: the weight format the engine runs. Names follow the AIM profile
 * schema ({@code fp16}, {@code bf16}, {@code fp8}, ...).
 */
public enum Precision {
  FP32("fp32", 4.0, 32),
  BF16("bf16", 2.0, 16),
  FP16("fp16", 2.0, 16),
  FP8("fp8", 1.0, 8),
  INT8("int8", 1.0, 8),
  // 4-bit formats carry group scales: ~4.25-4.5 bits per weight in practice.
  FP4("fp4", 0.53, 4),
  INT4("int4", 0.55, 4);

  private final String label;
  private final double bytesPerParameter;
  private final int bits;

  Precision(String label, double bytesPerParameter, int bits) {
    this.label = label;
    this.bytesPerParameter = bytesPerParameter;
    this.bits = bits;
  }

  /** The name used in recipes and on the command line. */
  public String label() {
    return label;
  }

  /** Effective bytes per weight, scales included. */
  public double bytesPerParameter() {
    return bytesPerParameter;
  }

  /**
   * Memory class: bf16 and fp16 are one class (16), fp8 and int8 another (8), fp4/int4 (4). The
   * planner tries classes from the widest down and ranks precisions inside a class.
   */
  public int bits() {
    return bits;
  }

  public static Optional<Precision> find(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String l = label.trim().toLowerCase(Locale.ROOT);
    for (Precision p : values()) {
      if (p.label.equals(l)) {
        return Optional.of(p);
      }
    }
    return switch (l) {
      case "bfloat16" -> Optional.of(BF16);
      case "float16", "half" -> Optional.of(FP16);
      case "float32", "float" -> Optional.of(FP32);
      case "float8", "fp8_e4m3", "fp8_e5m2", "float8_e4m3", "float8_e5m2", "float8_e4m3fn" ->
          Optional.of(FP8);
      default -> Optional.empty();
    };
  }

  /** Parses a user-supplied precision or fails naming the accepted values. */
  public static Precision parse(String label, String where) {
    return find(label)
        .orElseThrow(
            () ->
                AimException.invalid(
                    where
                        + ": unknown precision '"
                        + label
                        + "'; expected one of "
                        + Arrays.stream(values())
                            .map(Precision::label)
                            .collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return label;
  }
}
