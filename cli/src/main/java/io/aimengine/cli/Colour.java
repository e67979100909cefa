package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.util.regex.Pattern;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * Colour for people at a terminal, never for programs: states ({@code ready} green, {@code failed}
 * red, ...), warnings yellow and errors red. On when the output is a terminal (or FORCE_COLOR is
 * set), off when NO_COLOR is set, TERM is {@code dumb}, or {@code --no-color} was given; the escape
 * sequences are picocli's. Immutable.
 */
final class Colour {
  static final Colour OFF = new Colour(false);
  private static final Pattern SGR = Pattern.compile("\u001B\\[[0-9;]*m");

  private final boolean on;

  private Colour(boolean on) {
    this.on = on;
  }

  /**
   * The one decision: {@code --no-color} and NO_COLOR win, then FORCE_COLOR, then whether the
   * output is a terminal that is not {@code dumb}.
   */
  static Colour decide(Settings settings, boolean terminal, boolean noColorFlag) {
    if (noColorFlag || settings.noColor()) {
      return OFF;
    }
    if (settings.forceColor()) {
      return new Colour(true);
    }
    boolean dumb = settings.term().map("dumb"::equals).orElse(false);
    return new Colour(terminal && !dumb);
  }

  boolean on() {
    return on;
  }

  /** An endpoint state label: ready green, failed/exited red, others in progress yellow. */
  String state(String label) {
    return switch (label) {
      case "ready" -> paint(label, Style.fg_green);
      case "failed", "exited" -> paint(label, Style.fg_red);
      case "starting", "stopping", "unhealthy" -> paint(label, Style.fg_yellow);
      case "stopped" -> paint(label, Style.faint);
      default -> label;
    };
  }

  String warning(String text) {
    return paint(text, Style.fg_yellow);
  }

  String error(String text) {
    return paint(text, Style.fg_red);
  }

  String ok(String text) {
    return paint(text, Style.fg_green);
  }

  private String paint(String text, Style style) {
    return on ? style.on() + text + style.off() : text;
  }

  /** Visible characters of {@code s}: escape sequences take no room. */
  static int width(String s) {
    return s.indexOf('\u001B') < 0 ? s.length() : SGR.matcher(s).replaceAll("").length();
  }
}
