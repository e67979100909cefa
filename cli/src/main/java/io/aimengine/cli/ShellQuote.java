package io.aimengine.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** POSIX shell quoting for printing commands users can paste. */
final class ShellQuote {
  private ShellQuote() {}

  static String quote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String join(List<String> argv) {
    return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }

  /** "K=V K2=V2 argv..." as one line. */
  static String withEnv(Map<String, String> env, List<String> argv) {
    StringBuilder b = new StringBuilder();
    env.forEach((k, v) -> b.append(k).append('=').append(quote(v)).append(' '));
    return b.append(join(argv)).toString();
  }
}
