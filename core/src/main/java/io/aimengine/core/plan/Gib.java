package io.aimengine.core.plan;

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
      return FixedDecimal.format(gib, 1) + " GiB";
    }
    return FixedDecimal.format(bytes / (1024.0 * 1024), 0) + " MiB";
  }

  /** GiB to bytes. */
  public static long bytes(double gib) {
    return Math.round(gib * GIB);
  }
}
