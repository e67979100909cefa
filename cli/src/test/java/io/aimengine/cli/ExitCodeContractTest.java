package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one exit-code rule (README, "Exit codes"), over the commands: 2 when the command line is
 * malformed or a value is outside a fixed set, 3 when a well-formed name does not exist here (not
 * found) or nothing fits, and with {@code --json} stdout is one JSON object whatever the outcome.
 */
class ExitCodeContractTest {
  @TempDir Path home;

  static Stream<Arguments> commands() {
    return Stream.of(
        // 0: ok
        row(0, "--help"),
        row(0, "list"),
        row(0, "list", "--json"),
        row(0, "recipes", "show", "Qwen/Qwen3-32B/vllm-mi300x-fp16-tp1-latency", "--json"),
        row(0, "prune", "--json"),
        // 2: invalid input, judged without looking at any state
        row(2, "no-such-command"),
        row(2, "list", "--no-such-flag"),
        row(2, "list", "--json", "--no-such-flag"),
        row(2, "stop"),
        row(2, "stop", "x", "--timeout", "soon"),
        row(2, "logs", "x", "--tail", "-1"),
        row(2, "rm"),
        row(2, "plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "0"),
        row(2, "plan", "Qwen/Qwen3-32B", "--gpu", "NO-SUCH-GPU", "--gpu-count", "1", "--json"),
        row(2, "cache", "prune"),
        // 3: not found
        row(3, "status", "no-such-endpoint"),
        row(3, "status", "no-such-endpoint", "--json"),
        row(3, "logs", "no-such-endpoint"),
        row(3, "logs", "no-such-endpoint", "--json"),
        row(3, "stop", "no-such-endpoint"),
        row(3, "stop", "no-such-endpoint", "--json"),
        row(3, "rm", "no-such-endpoint"),
        row(3, "rm", "no-such-endpoint", "--json"),
        row(3, "recipes", "show", "no/such/recipe"),
        row(3, "recipes", "validate", "/no/such/recipe.yaml"),
        row(
            3,
            "plan",
            "Qwen/Qwen3-32B",
            "--recipe",
            "no/such/recipe",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "1"),
        row(3, "plan", "/no/such/model.gguf", "--backend", "llamacpp"),
        row(3, "cache", "rm", "acme/not-cached"),
        row(3, "cache", "rm", "acme/not-cached", "--json"),
        row(3, "cache", "verify", "acme/not-cached"),
        // 3: unexpected state (no GPU here, nothing fits)
        row(3, "plan", "Qwen/Qwen3-32B"),
        row(3, "plan", "Qwen/Qwen3-32B", "--json"),
        row(
            3,
            "plan",
            "meta-llama/Llama-3.1-405B-Instruct",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "2",
            "--json"));
  }

  private static Arguments row(int code, String... args) {
    return Arguments.of(code, String.join(" ", args), args);
  }

  @ParameterizedTest(name = "[{0}] aim-engine {1}")
  @MethodSource("commands")
  void everyCommandExitsByTheOneRule(int expected, String line, String[] args) throws IOException {
    CliRun r = CliRun.offlineWithoutGpus(home, args);
    String out = r.out();
    String err = r.err();
    int code = r.code();

    assertThat(code).as("aim-engine %s\n%s", line, err).isEqualTo(expected);
    if (code != 0) {
      assertThat(err.strip()).as("one line on stderr").startsWith("aim-engine: ");
      assertThat(err.strip().lines()).hasSize(1);
    }
    if (Arrays.asList(args).contains("--json")) {
      JsonNode json = Json.mapper().readTree(out);
      assertThat(json).as("stdout of %s: %s", line, out).isNotNull();
      if (code != 0) {
        assertThat(json.isObject()).as(out).isTrue();
        assertThat(json.get("exit_code").asInt()).isEqualTo(expected);
        assertThat(json.get("error").asText()).isNotBlank();
      }
    }
  }
}
