package io.aimengine.core.model;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameter counts per safetensors dtype ({@code BF16}, {@code F8_E4M3}, {@code U8}, ...), as the
 * Hub's model API summarises them ({@code safetensors.parameters}) or as the tensor headers add up.
 * Weight bytes follow from them exactly: each count times its dtype's width. Packed formats (MXFP4
 * blocks stored as {@code U8}) count bytes, not logical parameters, so {@link #bytes()} is right
 * and {@link #total()} is a lower bound for them. Immutable.
 *
 * @param byDtype count per dtype name, upper case; empty when unknown
 */
public record DtypeCounts(Map<String, Long> byDtype) {
  public static final DtypeCounts NONE = new DtypeCounts(Map.of());

  public DtypeCounts {
    TreeMap<String, Long> m = new TreeMap<>();
    byDtype.forEach((k, v) -> m.merge(k.toUpperCase(Locale.ROOT), v, Long::sum));
    byDtype = Collections.unmodifiableMap(m);
  }

  public boolean isEmpty() {
    return byDtype.isEmpty();
  }

  /** All counted elements. */
  public long total() {
    return byDtype.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Storage bytes: count x width per dtype (unknown dtypes as 2 bytes). */
  public long bytes() {
    double b = 0;
    for (var e : byDtype.entrySet()) {
      b += e.getValue() * width(e.getKey());
    }
    return Math.round(b);
  }

  /** Whether a 1-byte integer dtype holds packed sub-byte weights (MXFP4, int4 packing). */
  public boolean hasPackedBytes() {
    return byDtype.containsKey("U8") || byDtype.containsKey("I8") && byDtype.size() > 1;
  }

  /** The dtype holding the most elements (the checkpoint's main storage type), or null. */
  public String dominant() {
    return byDtype.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /** Bytes per element of a safetensors dtype name. */
  public static double width(String dtype) {
    return switch (dtype.toUpperCase(Locale.ROOT)) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "F8_E4M3", "F8_E5M2", "F8_E8M0", "F8_E4M3FN", "I8", "U8", "BOOL" -> 1;
      case "F4", "F4_E2M1", "I4", "U4" -> 0.5;
      default -> 2;
    };
  }

  /** The precision a dominant dtype stands for (null for integer containers and unknowns). */
  public static Precision precisionOf(String dtype) {
    if (dtype == null) {
      return null;
    }
    return switch (dtype.toUpperCase(Locale.ROOT)) {
      case "F32" -> Precision.FP32;
      case "F16" -> Precision.FP16;
      case "BF16" -> Precision.BF16;
      case "F8_E4M3", "F8_E5M2", "F8_E4M3FN" -> Precision.FP8;
      default -> null;
    };
  }
}
