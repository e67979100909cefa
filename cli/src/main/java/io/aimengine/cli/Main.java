package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: parse, wire, exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PullProcess.exitWithParent();
    int code = run(Settings.fromSystem(), args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command with the given settings and returns its exit code (tests call this). */
  public static int run(Settings settings, String... args) {
    App app = new App(settings);
    try {
      CommandLine cl = app.commandLine(args);
      return cl.execute(args);
    } finally {
      app.close();
    }
  }

  /** Like {@link #run(Settings, String...)}, writing to {@code out} and {@code err}. */
  public static int run(Settings settings, PrintWriter out, PrintWriter err, String... args) {
    App app = new App(settings);
    try {
      CommandLine cl = app.commandLine(args);
      cl.setOut(out);
      cl.setErr(err);
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
      app.close();
    }
  }
}
