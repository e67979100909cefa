package io.aimengine.core.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AMD compiler target ("gfx90a", "gfx942", "gfx950"), ordered by major, minor, stepping: the
 * last two characters are hex digits for minor and stepping, so gfx90a = 9.0.10 and gfx942 = 9.4.2.
 *
 * @param major architecture major version (9 for CDNA, 11/12 for RDNA3/4)
 * @param minor minor version
 * @param stepping stepping
 */
record GfxTarget(int major, int minor, int stepping) implements Comparable<GfxTarget> {
  private static final Pattern NAME = Pattern.compile("(?i)gfx(\\d+)([0-9a-f])([0-9a-f])(?::.*)?");
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  /** Parses "gfx942" (feature suffixes like ":xnack-" ignored). */
  static Optional<GfxTarget> parse(String name) {
    Matcher m = NAME.matcher(name.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new GfxTarget(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2), 16),
            Integer.parseInt(m.group(3), 16)));
  }

  /** Parses HSA_OVERRIDE_GFX_VERSION's form, "9.4.2". */
  static Optional<GfxTarget> parseVersion(String version) {
    Matcher m = VERSION.matcher(version.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new GfxTarget(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
  }

  @Override
  public int compareTo(GfxTarget o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(stepping, o.stepping);
  }

  @Override
  public String toString() {
    return ("gfx" + major + Integer.toHexString(minor) + Integer.toHexString(stepping))
        .toLowerCase(Locale.ROOT);
  }
}
