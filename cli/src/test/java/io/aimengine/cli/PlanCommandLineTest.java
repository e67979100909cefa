package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The hand-built plan model ({@link PlanCommandLine}) parses as the annotated one does. */
class PlanCommandLineTest {
  @TempDir Path home;

  private Settings settings() {
    return new Settings(Map.of("AIM_HOME", home.toString()), home);
  }

  record Result(int code, String out, String err) {}

  /** Through Main: the quick model, falling back to the annotated one. */
  private Result quick(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(settings(), new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The annotated model alone. */
  private Result annotated(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    App app = new App(settings());
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
  private static Map<String, String> shape(CommandSpec spec) {
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

  @Test
  void theQuickPlanModelDeclaresExactlyTheAnnotatedOptionsAndParameters() {
    App app = new App(settings());
    CommandLine annotated = app.commandLine("plan");
    CommandLine quick = PlanCommandLine.create(app, CommandLine.defaultFactory());

    assertThat(shape(quick.getCommandSpec())).isEqualTo(shape(annotated.getCommandSpec()));
    CommandSpec quickPlan = quick.getSubcommands().get("plan").getCommandSpec();
    CommandSpec annotatedPlan = annotated.getSubcommands().get("plan").getCommandSpec();
    assertThat(shape(quickPlan)).isEqualTo(shape(annotatedPlan)).containsKeys("--gpu", "#0", "#1");
    assertThat(quick.getSubcommands().keySet()).containsExactly("plan");
  }

  @Test
  void aPlanThroughTheQuickModelPrintsWhatTheAnnotatedModelPrints() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8"});
    cases.add(
        new String[] {
          "--no-color",
          "plan",
          "Qwen/Qwen3-32B",
          "2",
          "--gpu=MI300X",
          "--gpu-count=8",
          "--precision",
          "fp8",
          "--backend",
          "sglang",
          "--port",
          "9001",
          "--host",
          "0.0.0.0",
          "--json",
          "--verbose"
        });
    cases.add(
        new String[] {
          "plan", "Qwen/Qwen3-32B", "--engine", "vllm", "--metric", "throughput", "--gpu",
          "MI300X", "--gpu-count", "8", "--arg", "max-model-len=8192", "--arg", "enforce-eager",
          "--runtime", "container", "--image", "example/vllm:1", "--engine-version", "0.11.0"
        });
    for (String[] args : cases) {
      Result q = quick(args);
      assertThat(q).as(String.join(" ", args)).isEqualTo(annotated(args));
      assertThat(q.code()).as(q.err()).isZero();
    }
  }

  @Test
  void helpTyposAndBadValuesAreAnsweredByTheAnnotatedModel() {
    List<String[]> cases =
        List.of(
            new String[] {"plan", "--help"},
            new String[] {"plan", "-h"},
            new String[] {"--version", "plan"},
            new String[] {"plan", "Qwen/Qwen3-32B", "--gpu-cuont", "8"},
            new String[] {"plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "eight"},
            new String[] {"plan", "Qwen/Qwen3-32B", "two"},
            new String[] {"plan", "Qwen/Qwen3-32B", "1", "2"},
            new String[] {"plan", "Qwen/Qwen3-32B", "--gpu"},
            new String[] {"plan", "Qwen/Qwen3-32B", "--gpu", "MI300X"});
    for (String[] args : cases) {
      Result q = quick(args);
      assertThat(q).as(String.join(" ", args)).isEqualTo(annotated(args));
      assertThat(q.code()).isNotEqualTo(PlanCommandLine.FALL_BACK);
    }
    assertThat(quick("plan", "--help").out()).contains("Usage: aim-engine plan", "--gpu-count");
    assertThat(quick("plan", "Qwen/Qwen3-32B", "--gpu-cuont", "8").err())
        .contains("Unknown option: '--gpu-cuont'");
  }

  @Test
  void theVersionThroughTheQuickRootPrintsWhatTheAnnotatedRootPrints() {
    List<String[]> cases =
        List.of(
            new String[] {"--version"},
            new String[] {"-V"},
            new String[] {"--no-color", "--version"},
            new String[] {"-V", "--verbose"},
            new String[] {"--version", "--version"},
            new String[] {"--version", "--help"},
            new String[] {"-Vh"},
            new String[] {"--version=x"},
            new String[] {"-V", "--bogus"},
            new String[] {"--version", "plan", "x"});
    for (String[] args : cases) {
      assertThat(quick(args)).as(String.join(" ", args)).isEqualTo(annotated(args));
    }
    assertThat(quick("--version").out()).startsWith("aim-engine ").contains("engines: ");
    assertThat(PlanCommandLine.coversVersion("--no-color", "-V", "--verbose")).isTrue();
    assertThat(PlanCommandLine.coversVersion("--verbose")).isFalse();
    assertThat(PlanCommandLine.coversVersion("-V", "--help")).isFalse();
    assertThat(PlanCommandLine.coversVersion("-V", "plan")).isFalse();
  }
}
