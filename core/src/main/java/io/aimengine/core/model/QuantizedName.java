package io.aimengine.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The storage precision a checkpoint's name announces, as publishers name quantized builds: {@code
 * -FP8}, {@code -FP8-KV}, {@code -FP8-Dynamic} (8-bit float), {@code -MXFP4}/{@code -FP4}, {@code
 * -AWQ}, {@code -GPTQ-Int4}, {@code -Int4}, {@code -W4A16} (4-bit integer), {@code -Int8}, {@code
 * -W8A8} (8-bit integer). Used only where no config.json says better. Pure.
 */
public final class QuantizedName {
  private static final Pattern FP8 = Pattern.compile("(^|[-_.])fp8([-_.]|$)");
  private static final Pattern FP4 = Pattern.compile("(^|[-_.])(mx|nv)?fp4([-_.]|$)");
  private static final Pattern INT4 =
      Pattern.compile("(^|[-_.])(awq|gptq|int4|w4a16|w4a8|bnb-4bit|4bit)([-_.]|$)");
  private static final Pattern INT8 = Pattern.compile("(^|[-_.])(int8|w8a8|w8a16|8bit)([-_.]|$)");

  private QuantizedName() {}

  /** The precision {@code modelId}'s name part announces, empty when it names none. */
  public static Optional<Precision> precision(String modelId) {
    String name = modelId.substring(modelId.indexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (FP8.matcher(name).find()) {
      return Optional.of(Precision.FP8);
    }
    if (FP4.matcher(name).find()) {
      return Optional.of(Precision.FP4);
    }
    if (INT4.matcher(name).find()) {
      return Optional.of(Precision.INT4);
    }
    if (INT8.matcher(name).find()) {
      return Optional.of(Precision.INT8);
    }
    return Optional.empty();
  }
}
