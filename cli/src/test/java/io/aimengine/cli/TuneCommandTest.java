package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tune --dry-run} for engines that cannot run here: the configurations it would try, with
 * flags the planned engine release has, each planned; and bad input refused with exit 2.
 */
class TuneCommandTest {
  @TempDir Path home;

  CliRun run(String... args) throws Exception {
    return CliRun.offlineWithoutGpus(home, args);
  }

  @Test
  void aVllmDryRunListsEveryConfigurationPlannedOnTheGivenHardware() throws Exception {
    CliRun r =
        run(
            "tune",
            "Qwen/Qwen3-32B",
            "--backend",
            "vllm",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "8",
            "--dry-run",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(r.out());
    assertThat(j.path("engine").asText()).isEqualTo("vllm");
    assertThat(j.path("objective").asText()).isEqualTo("throughput");
    assertThat(j.path("knobs").findValuesAsText("flag"))
        .containsExactly("tp", "max-num-seqs", "max-num-batched-tokens", "kv-cache-dtype");
    JsonNode configs = j.path("configs");
    assertThat(configs).hasSize(32);
    JsonNode last = configs.get(31);
    assertThat(last.path("gpu_count").asInt()).isEqualTo(8);
    assertThat(last.path("args").path("kv-cache-dtype").asText()).isEqualTo("fp8");
    // Qwen3-32B at bf16 (~61 GiB) fits one MI300X: every configuration is planned, from the
    // model's own recipe where one has that GPU count, else from the general one
    for (JsonNode c : configs) {
      assertThat(c.path("error").isNull()).as(c.toString()).isTrue();
      assertThat(c.path("recipe").asText()).matches("(Qwen/Qwen3-32B|general)/vllm-mi300x-.*");
    }
  }

  @Test
  void anSglangDryRunUsesSglangFlagsAndATextTable() throws Exception {
    CliRun r =
        run(
            "tune",
            "Qwen/Qwen3-32B",
            "--backend",
            "sglang",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "2",
            "--sweep",
            "kv-cache-dtype=auto",
            "--objective",
            "latency",
            "--goodput",
            "ttft:500",
            "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("objective latency (median_e2el_ms), SLO ttft:500")
        .contains("max-running-requests")
        .contains("chunked-prefill-size")
        .contains("tp=2 max-running-requests=256 chunked-prefill-size=8192 kv-cache-dtype=auto")
        .doesNotContain("max-num-seqs");
  }

  @Test
  void badInputIsRefusedWithExitTwoBeforeAnythingStarts() throws Exception {
    String[] base = {"tune", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--dry-run"};
    CliRun unknown = run(concat(base, "--backend", "sglang", "--sweep", "max-num-seqs=64"));
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--sweep max-num-seqs: sglang").contains("no such flag");
    CliRun tooMany = run(concat(base, "--max-configs", "4"));
    assertThat(tooMany.code()).isEqualTo(2);
    assertThat(tooMany.err()).contains("32 configurations, more than --max-configs 4");
    CliRun objective = run(concat(base, "--objective", "fast"));
    assertThat(objective.code()).isEqualTo(2);
    assertThat(objective.err()).contains("--objective: unknown metric 'fast'");
    CliRun slo = run(concat(base, "--goodput", "ttft=5"));
    assertThat(slo.code()).isEqualTo(2);
    assertThat(slo.err()).contains("--goodput 'ttft=5'");
    CliRun elsewhere = run("tune", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8");
    assertThat(elsewhere.code()).isEqualTo(2);
    assertThat(elsewhere.err()).contains("tune measures this one");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
