package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code bin/aim-engine gpus} as a real process, with fake {@code amd-smi}, {@code
 * rocm-smi} and {@code nvidia-smi} scripts first on PATH and a fake /sys, /dev, /proc under
 * AIM_SYSFS_ROOT, so neither the CI machine's tools nor its /sys can leak in.
 */
class GpusCommandIT {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Path launcher() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path l = p.resolve("bin/aim-engine");
      if (Files.isExecutable(l)) {
        return l;
      }
    }
    throw new IllegalStateException(
        "bin/aim-engine not found above " + Path.of("").toAbsolutePath());
  }

  static Run aimEngine(FakeNode node, Path dir, List<String> args) throws Exception {
    return aimEngine(node, dir, args, Map.of());
  }

  static Run aimEngine(FakeNode node, Path dir, List<String> args, Map<String, String> extra)
      throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(launcher().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    for (String leak :
        List.of(
            "HIP_VISIBLE_DEVICES",
            "ROCR_VISIBLE_DEVICES",
            "CUDA_VISIBLE_DEVICES",
            "AIM_GPU_MODEL",
            "AIM_GPU_COUNT",
            "AIM_CATALOG_PATH")) {
      env.remove(leak);
    }
    env.put("PATH", node.bin + ":" + System.getenv("PATH"));
    env.put("ROCM_PATH", dir.resolve("no-rocm").toString());
    env.put("AIM_SYSFS_ROOT", node.root.toString());
    env.put("AIM_HOME", dir.resolve("home").toString());
    env.put("AIM_SKIP_BUILD", "1"); // failsafe runs after package: the jar is current
    env.putAll(extra);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("aim-engine " + args + " did not finish");
    }
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private JsonNode gpusJson(FakeNode node) throws Exception {
    Run r = aimEngine(node, dir, List.of("gpus", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.mapper().readTree(r.out());
  }

  private static String outcome(JsonNode j, String detector) {
    for (JsonNode d : j.get("detectors")) {
      if (d.get("name").asText().equals(detector)) {
        return d.get("outcome").asText();
      }
    }
    throw new AssertionError("no detector " + detector);
  }

  @Test
  void mi300xNodeIsReadFromAmdSmiAndCheckedAgainstKfd() throws Exception {
    FakeNode node =
        new FakeNode(dir).mi300x(0, 1, 2, 3, 4, 5, 6, 7).brokenTools().amdSmi().rocmSmi();

    JsonNode j = gpusJson(node);

    assertThat(j.get("source").asText()).isEqualTo("amd-smi");
    assertThat(j.get("gpu_count").asInt()).isEqualTo(8);
    JsonNode g0 = j.get("gpus").get(0);
    assertThat(g0.get("model").asText()).isEqualTo("MI300X");
    assertThat(g0.get("arch").asText()).isEqualTo("gfx942");
    assertThat(g0.get("memory_total_bytes").asLong()).isEqualTo(196288L << 20);
    assertThat(g0.get("memory_used_bytes").asLong()).isEqualTo(2531L << 20);
    assertThat(g0.get("pci_bus_id").asText()).isEqualTo("0000:05:00.0");
    assertThat(g0.get("unique_id").asText()).isEqualTo("GPU-6ced1647a296545c");
    assertThat(outcome(j, "amd-smi")).isEqualTo("found");
    assertThat(outcome(j, "rocm-smi")).isEqualTo("not_tried");
    assertThat(outcome(j, "kfd-sysfs")).isEqualTo("found");
    assertThat(outcome(j, "nvidia-smi")).isEqualTo("failed");
    assertThat(j.get("notes")).isEmpty();
  }

  @Test
  void containerThatSeesFourOfEightReportsFourAndSaysSo() throws Exception {
    FakeNode node = new FakeNode(dir).mi300x(4, 5, 6, 7).brokenTools().amdSmi().rocmSmi();

    JsonNode j = gpusJson(node);

    assertThat(j.get("gpu_count").asInt()).isEqualTo(4);
    assertThat(j.get("gpus").get(0).get("index").asInt()).isZero();
    assertThat(j.get("gpus").get(0).get("pci_bus_id").asText()).isEqualTo("0000:85:00.0");
    assertThat(j.get("notes").toString()).contains("amd-smi lists 8 GPUs but only 4 are usable");
  }

  @Test
  void olderRocmNodeIsReadFromRocmSmi() throws Exception {
    FakeNode node = new FakeNode(dir).mi300x(0, 1, 2, 3, 4, 5, 6, 7).brokenTools().rocmSmi();

    JsonNode j = gpusJson(node);

    assertThat(j.get("source").asText()).isEqualTo("rocm-smi");
    assertThat(j.get("gpu_count").asInt()).isEqualTo(8);
    assertThat(outcome(j, "amd-smi")).isEqualTo("failed");
  }

  @Test
  void nvidiaNodeIsReadFromNvidiaSmi() throws Exception {
    FakeNode node = new FakeNode(dir).brokenTools().nvidiaSmi();

    JsonNode j = gpusJson(node);

    assertThat(j.get("source").asText()).isEqualTo("nvidia-smi");
    assertThat(j.get("gpu_count").asInt()).isEqualTo(8);
    assertThat(j.get("gpus").get(0).get("model").asText()).isEqualTo("H100");
    assertThat(j.get("gpus").get(0).get("arch").asText()).isEqualTo("sm_90");
    assertThat(j.get("gpus").get(0).get("vendor").asText()).isEqualTo("nvidia");
  }

  @Test
  void hostWithoutGpuSaysNoGpuFoundWithEachDetectorAndExitsZero() throws Exception {
    FakeNode node = new FakeNode(dir).brokenTools();

    Run r = aimEngine(node, dir, List.of("gpus"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("no GPU found")
        .contains("Unable to detect any GPU devices")
        .contains("Driver not initialized")
        .contains("no KFD topology")
        .contains("couldn't communicate with the NVIDIA driver");
  }

  @Test
  void hungToolIsKilledAfterTheTimeoutAndDetectionGoesOn() throws Exception {
    FakeNode node =
        new FakeNode(dir)
            .mi300x(0, 1, 2, 3, 4, 5, 6, 7)
            .brokenTools()
            .tool("amd-smi", "exec sleep 600")
            .rocmSmi();

    Run r = aimEngine(node, dir, List.of("gpus", "--json"), Map.of("AIM_DETECT_TIMEOUT_MS", "400"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(r.out());
    assertThat(j.get("source").asText()).isEqualTo("rocm-smi");
    assertThat(j.get("detectors").get(1).get("detail").asText())
        .contains("did not answer within 400 ms");
  }

  @Test
  void planWithoutOverridesPlansOnTheDetectedGpus() throws Exception {
    FakeNode node =
        new FakeNode(dir).mi300x(0, 1, 2, 3, 4, 5, 6, 7).brokenTools().amdSmi().rocmSmi();

    Run r = aimEngine(node, dir, List.of("plan", "Qwen/Qwen3-32B", "--json"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode plan = Json.mapper().readTree(r.out());
    assertThat(plan.get("gpu_model").asText()).isEqualTo("MI300X");
    assertThat(plan.get("gpu_indices")).isNotEmpty();
    assertThat(plan.get("memory").get("device_memory_bytes").asLong())
        .as("amd-smi's reported VRAM, not the table's")
        .isEqualTo(196288L << 20);
    assertThat(plan.toString()).contains("from amd-smi");
  }

  @Test
  void planInAContainerUsesOnlyTheGpusItCanOpen() throws Exception {
    FakeNode node = new FakeNode(dir).mi300x(6, 7).brokenTools().amdSmi().rocmSmi();

    Run r = aimEngine(node, dir, List.of("plan", "Qwen/Qwen3-32B", "8", "--json"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode plan = Json.mapper().readTree(r.out());
    assertThat(plan.get("gpu_count").asInt()).as("8 asked, 2 usable here").isLessThanOrEqualTo(2);
    for (JsonNode i : plan.get("gpu_indices")) {
      assertThat(i.asInt()).as("ROCm numbers the 2 usable GPUs 0 and 1").isBetween(0, 1);
    }
  }

  @Test
  void planOnAHostWithoutGpuExplainsAndSuggestsATarget() throws Exception {
    FakeNode node = new FakeNode(dir).brokenTools();

    Run r = aimEngine(node, dir, List.of("plan", "Qwen/Qwen3-32B", "--json"));

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().strip())
        .startsWith("aim-engine: no GPU found")
        .contains("amd-smi: `amd-smi static --asic --bus --vram --json`")
        .contains("kfd-sysfs: no KFD topology")
        .contains("--gpu MI300X --gpu-count 8")
        .doesNotContain("\n");
  }
}
