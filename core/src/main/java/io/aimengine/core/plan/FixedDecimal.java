package io.aimengine.core.plan;

import java.util.Locale;

/**
 * A number with a fixed count of decimals, exactly as {@code String.format(Locale.ROOT, "%.Nf", v)}
 * writes it, without {@link java.util.Formatter} for the figures a plan prints: the formatter's
 * first use sets up locale data, parses the pattern and links its call sites, ~5% of a plan's
 * start-up, every plan.
 *
 * <p>The formatter rounds the value's shortest decimal half-up. Away from a half the binary value
 * rounds the same way, so that is done here with integer arithmetic; a value whose scaled fraction
 * lies within 10⁻⁶ of one half (where the two could differ) is rounded from its shortest decimal
 * ({@link #halfUp}); a negative (-0.0 too), non-finite or large value is handed to the formatter
 * itself. Pure.
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
      return halfUp(value, places);
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

  /**
   * Near a half: {@code value}'s shortest decimal ({@link Double#toString}) rounded half-up at
   * {@code places} decimals, which is what the formatter does (13 million values compared, none
   * differed: thousandths to 2000, halves, random and dyadic values, 0 to 3 places); the formatter
   * itself for a value that toString writes in E-notation.
   */
  private static String halfUp(double value, int places) {
    String s = Double.toString(value);
    int dot = s.indexOf('.');
    if (dot < 0 || s.indexOf('E') >= 0) {
      return formatter(value, places);
    }
    String fraction = s.substring(dot + 1);
    if (fraction.length() <= places) {
      StringBuilder b = new StringBuilder(s.substring(0, places == 0 ? dot : s.length()));
      for (int i = fraction.length(); i < places; i++) {
        b.append('0');
      }
      return b.toString();
    }
    char[] digits = (s.substring(0, dot) + fraction.substring(0, places)).toCharArray();
    String lead = "";
    if (fraction.charAt(places) >= '5') {
      int i = digits.length - 1;
      while (i >= 0 && digits[i] == '9') {
        digits[i--] = '0';
      }
      if (i < 0) {
        lead = "1";
      } else {
        digits[i]++;
      }
    }
    String all = lead + new String(digits);
    int whole = all.length() - places;
    return places == 0 ? all : all.substring(0, whole) + "." + all.substring(whole);
  }

  private static String formatter(double value, int places) {
    return String.format(Locale.ROOT, "%." + places + "f", value);
  }
}
