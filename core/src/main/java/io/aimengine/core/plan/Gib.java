package io.aimengine.core.plan;

import java.util.Locale;

/** Memory figures as people read them: GiB with one decimal, MiB below 1 GiB. */
public final class Gib {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private Gib() {}

  public static String format(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    double gib = bytes / GIB;
    if (gib >= 1) {
      return String.format(Locale.ROOT, "%.1f GiB", gib);
    }
    return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
  }

  /** GiB to bytes. */
  public static long bytes(double gib) {
    return Math.round(gib * GIB);
  }
}
