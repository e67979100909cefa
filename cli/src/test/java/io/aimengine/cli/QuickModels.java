package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * For the tests that compare a hand-built picocli model ({@link PlanCommandLine}, {@link
 * LaunchCommandLine}) with the annotated one: a command run either way, and what parsing depends
 * on.
 */
final class QuickModels {
  private QuickModels() {}

  record Result(int code, String out, String err) {}

  /** Through Main: the quick model, falling back to the annotated one. */
  static Result quick(Settings settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(settings, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The annotated model alone. */
  static Result annotated(Settings settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    App app = new App(settings);
    try {
      CommandLine cl = app.commandLine(args);
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      int code = cl.execute(args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      app.close();
    }
  }

  /** What parsing depends on, per option or parameter, keyed by its longest name or index. */
  static Map<String, String> shape(CommandSpec spec) {
    Map<String, String> out = new TreeMap<>();
    for (OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue; // the quick model has none: --help and --version go to the annotated one
      }
      out.put(
          o.longestName(),
          describe(o) + " names=" + List.of(o.names()) + " label=" + o.paramLabel());
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      out.put("#" + p.index(), describe(p) + " label=" + p.paramLabel());
    }
    return out;
  }

  private static String describe(ArgSpec a) {
    return "type="
        + a.type().getName()
        + " aux="
        + List.of(a.auxiliaryTypes())
        + " arity="
        + a.arity()
        + " inherited="
        + a.inherited()
        + " scope="
        + a.scopeType()
        + " required="
        + a.required()
        + " split="
        + a.splitRegex()
        + " initial="
        + a.initialValue();
  }
}
