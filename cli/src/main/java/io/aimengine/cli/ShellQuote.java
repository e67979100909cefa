package io.aimengine.cli;

import java.util.List;
import java.util.Map;

/**
 * POSIX shell quoting for printing commands users can paste. Characters are tested one by one, not
 * with regular expressions: a plan quotes a hundred words, and compiling a pattern for each was a
 * measurable part of its start-up.
 */
final class ShellQuote {
  /** Characters a word may hold and still need no quotes: {@code [A-Za-z0-9_@%+=:,./-]}. */
  private static final String SAFE_PUNCTUATION = "_@%+=:,./-";

  private ShellQuote() {}

  static String quote(String s) {
    if (isSafe(s)) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Non-empty and only {@code [A-Za-z0-9_@%+=:,./-]}. */
  private static boolean isSafe(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAsciiLetterOrDigit(c) && SAFE_PUNCTUATION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** A shell variable name: {@code [A-Za-z_][A-Za-z0-9_]*}. */
  private static boolean isShellName(String s) {
    if (s.isEmpty() || (s.charAt(0) >= '0' && s.charAt(0) <= '9')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  static String join(List<String> argv) {
    StringBuilder b = new StringBuilder();
    for (String a : argv) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(quote(a));
    }
    return b.toString();
  }

  /**
   * "K=V K2=V2 argv..." as one line that a POSIX shell runs as exactly that command. Names and
   * values are both quoted; when a name is no shell name ({@code [A-Za-z_][A-Za-z0-9_]*}) a shell
   * would read "NAME=V" as a command, so the line goes through {@code env}, which takes any name.
   */
  static String withEnv(Map<String, String> env, List<String> argv) {
    boolean viaEnv = false;
    for (String k : env.keySet()) {
      viaEnv |= !isShellName(k);
    }
    StringBuilder b = new StringBuilder(viaEnv ? "env " : "");
    // An assignment's name must stay unquoted for the shell to see an assignment; env needs none.
    for (Map.Entry<String, String> e : env.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      b.append(viaEnv ? quote(k + "=" + v) : k + "=" + quote(v)).append(' ');
    }
    return b.append(join(argv)).toString();
  }
}
