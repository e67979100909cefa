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

/**
 * The hand-built launch and serve models ({@link LaunchCommandLine}) parse as the annotated ones
 * do.
 */
class LaunchCommandLineTest {
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

  /** serve --json's error event carries the moment it happened. */
  private static QuickModels.Result withoutTimes(QuickModels.Result r) {
    return new QuickModels.Result(
        r.code(), r.out().replaceAll("\"at\":\"[^\"]+\"", "\"at\":\"-\""), r.err());
  }

  @Test
  void theQuickLaunchAndServeModelsDeclareExactlyTheAnnotatedOptionsAndParameters() {
    for (String command : List.of("launch", "serve")) {
      App app = new App(settings());
      CommandLine annotated = app.commandLine(command);
      CommandLine quick = LaunchCommandLine.create(app, CommandLine.defaultFactory(), command);

      assertThat(shape(quick.getCommandSpec())).isEqualTo(shape(annotated.getCommandSpec()));
      CommandSpec q = quick.getSubcommands().get(command).getCommandSpec();
      CommandSpec a = annotated.getSubcommands().get(command).getCommandSpec();
      assertThat(shape(q))
          .as(command)
          .isEqualTo(shape(a))
          .containsKeys("--gpu", "#0", "#1", "--liveness-timeout", "--json");
      assertThat(quick.getSubcommands().keySet()).containsExactly(command);
    }
    assertThat(LaunchCommandLine.covers("--verbose", "launch", "m")).isEqualTo("launch");
    assertThat(LaunchCommandLine.covers("serve")).isEqualTo("serve");
    assertThat(LaunchCommandLine.covers("plan", "launch")).isNull();
    assertThat(LaunchCommandLine.covers("--version")).isNull();
  }

  @Test
  void aLaunchThroughTheQuickModelDoesWhatTheAnnotatedModelDoes() {
    List<String[]> cases = new ArrayList<>();
    cases.add(
        new String[] {
          "launch",
          "Qwen/Qwen3-32B",
          "--gpu",
          "MI300X",
          "--gpu-count",
          "8",
          "--dry-run",
          "--runtime",
          "container"
        });
    cases.add(
        new String[] {
          "--no-color",
          "launch",
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
          "--name",
          "q",
          "--runtime=container",
          "--image",
          "example/sglang:1",
          "--pull",
          "never",
          "--timeout",
          "20m",
          "--restart",
          "on-failure",
          "--max-restarts",
          "2",
          "--restart-window",
          "5m",
          "--liveness-period",
          "0",
          "--liveness-failures",
          "4",
          "--liveness-timeout",
          "2s",
          "-d",
          "--dry-run",
          "--json",
          "--verbose"
        });
    cases.add(
        new String[] {
          "launch", "Qwen/Qwen3-32B", "--engine", "vllm", "--metric", "throughput", "--gpu",
          "MI300X", "--gpu-count", "8", "--arg", "max-model-len=8192", "--arg", "enforce-eager",
          "--engine-version", "0.11.0", "--revision", "main", "--runtime", "process", "--dry-run"
        });
    for (String[] args : cases) {
      QuickModels.Result q = quick(args);
      assertThat(q).as(String.join(" ", args)).isEqualTo(annotated(args));
      assertThat(q.code()).as(q.err()).isZero();
    }
    // Failing after parsing: the same one-line errors (and --json error objects) from both.
    List<String[]> failing =
        List.of(
            new String[] {"launch", "--gpu", "MI300X", "--gpu-count", "8"},
            new String[] {
              "launch",
              "Qwen/Qwen3-32B",
              "--gpu",
              "MI300X",
              "--gpu-count",
              "8",
              "--port",
              "70000",
              "--dry-run",
              "--json"
            },
            new String[] {"serve", "--gpu", "MI300X", "--gpu-count", "8", "--json"});
    for (String[] args : failing) {
      QuickModels.Result q = withoutTimes(quick(args));
      assertThat(q).as(String.join(" ", args)).isEqualTo(withoutTimes(annotated(args)));
      assertThat(q.code()).as(q.err()).isEqualTo(2);
    }
  }

  @Test
  void helpTyposAndBadValuesAreAnsweredByTheAnnotatedModel() {
    List<String[]> cases =
        List.of(
            new String[] {"launch", "--help"},
            new String[] {"serve", "-h"},
            new String[] {"--version", "launch"},
            new String[] {"launch", "Qwen/Qwen3-32B", "--detatch"},
            new String[] {"serve", "Qwen/Qwen3-32B", "--liveness-failures", "three"},
            new String[] {"launch", "Qwen/Qwen3-32B", "--port", "eighty"},
            new String[] {"launch", "Qwen/Qwen3-32B", "1", "2"},
            new String[] {"launch", "Qwen/Qwen3-32B", "--name"},
            new String[] {"serve", "Qwen/Qwen3-32B", "--detach"});
    for (String[] args : cases) {
      QuickModels.Result q = quick(args);
      assertThat(q).as(String.join(" ", args)).isEqualTo(annotated(args));
      assertThat(q.code()).isNotEqualTo(PlanCommandLine.FALL_BACK);
    }
    assertThat(quick("launch", "--help").out()).contains("Usage: aim-engine launch", "--detach");
    assertThat(quick("launch", "Qwen/Qwen3-32B", "--detatch").err())
        .contains("Unknown option: '--detatch'");
  }
}
