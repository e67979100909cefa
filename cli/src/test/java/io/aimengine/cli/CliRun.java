package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs one CLI command in-process with a given environment, capturing stdout and stderr. */
record CliRun(int code, String out, String err) {
  static CliRun run(Map<String, String> env, Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new Settings(env, home), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
