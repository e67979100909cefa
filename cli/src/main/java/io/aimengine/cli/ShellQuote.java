package io.aimengine.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** POSIX shell quoting for printing commands users can paste. */
final class ShellQuote {
  private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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

  /**
   * "K=V K2=V2 argv..." as one line that a POSIX shell runs as exactly that command. Names and
   * values are both quoted; when a name is no shell name ({@code [A-Za-z_][A-Za-z0-9_]*}) a shell
   * would read "NAME=V" as a command, so the line goes through {@code env}, which takes any name.
   */
  static String withEnv(Map<String, String> env, List<String> argv) {
    boolean viaEnv = env.keySet().stream().anyMatch(k -> !SHELL_NAME.matcher(k).matches());
    StringBuilder b = new StringBuilder(viaEnv ? "env " : "");
    // An assignment's name must stay unquoted for the shell to see an assignment; env needs none.
    env.forEach((k, v) -> b.append(viaEnv ? quote(k + "=" + v) : k + "=" + quote(v)).append(' '));
    return b.append(join(argv)).toString();
  }
}
