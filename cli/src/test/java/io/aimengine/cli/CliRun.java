package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs one CLI command in-process with a given environment, capturing stdout and stderr. */
record CliRun(int code, String out, String err) {
  static CliRun run(Map<String, String> env, Path home, String... args) {
    App app = new App(new Settings(env, home));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      CommandLine cl = app.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);
      return new CliRun(code, out.toString(), err.toString());
    } finally {
      app.close();
    }
  }
}
