package io.aimengine.cli;

import io.aimengine.core.AimException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users type them: "90", "90s", "500ms", "20m", "1h". */
final class Durations {
  private static final Pattern P = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private Durations() {}

  static Duration parse(String text, String flag) {
    Duration d = parseOrZero(text, flag);
    if (d.isZero()) {
      throw AimException.invalid(flag + " '" + text + "': must be longer than zero");
    }
    return d;
  }

  /** Like {@link #parse}, where zero means "off" ({@code --liveness-period 0}). */
  static Duration parseOrZero(String text, String flag) {
    Matcher m = P.matcher(text.trim());
    if (!m.matches()) {
      throw AimException.invalid(
          flag + " '" + text + "': expected a duration such as 90, 90s, 20m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
    return d;
  }

  /** "3h 04m", "12m 05s", "42s". */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format("%dm %02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
