package io.aimengine.core.plan;

import java.util.Locale;

/**
 * A number with a fixed count of decimals, exactly as {@code String.format(Locale.ROOT, "%.Nf", v)}
 * writes it, without {@link java.util.Formatter} for the figures a plan prints: the formatter's
 * first use sets up locale data, parses the pattern and links its call sites, ~5% of a plan's
 * start-up, every plan.
 *
 * <p>The formatter rounds the value's decimal digits half-up. Away from a half the binary value
 * rounds the same way, so that is done here with integer arithmetic; a value whose scaled fraction
 * lies within 10⁻⁶ of one half (where the two could differ), a negative (-0.0 too), non-finite or
 * large value is handed to the formatter itself. Pure.
 */
public final class FixedDecimal {
  private static final double[] SCALE = {1, 10, 100, 1000};

  /** Beyond this scaled value a double's fraction is too coarse for the half-way test. */
  private static final double EXACT_BELOW = 1e9;

  private FixedDecimal() {}

  /** {@code value} with {@code places} decimals (0 to 3), as {@code "%.<places>f"} writes it. */
  public static String format(double value, int places) {
    if (places < 0 || places >= SCALE.length || Double.doubleToRawLongBits(value) < 0) {
      return formatter(value, places);
    }
    double scaled = value * SCALE[places];
    if (!(scaled < EXACT_BELOW)) { // NaN and infinity too
      return formatter(value, places);
    }
    double floor = Math.floor(scaled);
    double fraction = scaled - floor;
    if (Math.abs(fraction - 0.5) < 1e-6) {
      return formatter(value, places);
    }
    long units = (long) floor + (fraction > 0.5 ? 1 : 0);
    String digits = Long.toString(units);
    if (places == 0) {
      return digits;
    }
    StringBuilder b = new StringBuilder(digits.length() + places + 1);
    for (int i = digits.length(); i <= places; i++) {
      b.append('0');
    }
    b.append(digits);
    b.insert(b.length() - places, '.');
    return b.toString();
  }

  private static String formatter(double value, int places) {
    return String.format(Locale.ROOT, "%." + places + "f", value);
  }
}
