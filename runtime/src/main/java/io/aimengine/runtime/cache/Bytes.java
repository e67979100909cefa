package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people write them: binary units (1G = 1 GiB), as {@code du -h} and Docker do. */
public final class Bytes {
  private static final Pattern SIZE =
      Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([KMGTP]?)(?:I?B)?$", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "KMGTP";

  private Bytes() {}

  /** "500G", "1.5T", "800M", "1024" (bytes) → bytes. */
  public static long parse(String text, String flag) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw AimException.invalid(
          flag + " '" + text + "': expected a size such as 500G, 1.5T or 800M");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    int shift = unit.isEmpty() ? 0 : 10 * (UNITS.indexOf(unit) + 1);
    return (long) (n * (1L << shift));
  }

  /** 1536 → "1.5 KiB"; below 1 KiB plain bytes. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < UNITS.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %siB" : "%.1f %siB", v, UNITS.charAt(u));
  }
}
