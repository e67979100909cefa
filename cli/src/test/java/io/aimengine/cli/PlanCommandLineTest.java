package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The hand-built plan model ({@link PlanCommandLine}) parses as the annotated one does. */
class PlanCommandLineTest {
  @TempDir Path home;

  private Settings settings() {
    return new Settings(Map.of("AIM_HOME", home.toString()), home);
  }

  private QuickModels.Result quick(String... args) {
    return QuickModels.quick(settings(), args);
  }

  private QuickModels.Result annotated(String... args) {
    return QuickModels.annotated(settings(), args);
  }

  private static Map<String, String> shape(CommandSpec spec) {
    return QuickModels.shape(spec);
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
      QuickModels.Result q = quick(args);
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
      QuickModels.Result q = quick(args);
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
