package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code aim-engine gpus} in-process, on fake sysfs trees; no tool is on PATH, none runs. */
class GpusCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private Run run(FakeNode node, Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", dir.resolve("empty-bin").toString());
    env.put("ROCM_PATH", dir.resolve("no-rocm").toString());
    env.put("AIM_SYSFS_ROOT", node.root.toString());
    env.put("AIM_HOME", dir.resolve("home").toString());
    env.putAll(extra);
    CommandLine cl = new App(new Settings(env, dir)).commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void hostWithoutGpuSaysSoWithEveryDetectorsAnswerAndExitsZero() {
    Run r = run(new FakeNode(dir), Map.of(), "gpus");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .startsWith("no GPU found")
        .contains("amd-smi     not available  amd-smi not found")
        .contains("kfd-sysfs   not available  no KFD topology")
        .contains("nvidia-smi  not available")
        .contains("--gpu MI300X --gpu-count 8")
        .contains("CPU: AMD EPYC 9654 96-Core Processor");
  }

  @Test
  void tableListsEachGpuWithItsArchMemoryBusAndId() {
    Run r = run(new FakeNode(dir).mi300x(0, 1, 2, 3, 4, 5, 6, 7), Map.of(), "gpus");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .startsWith("8 GPU(s), found by kfd-sysfs")
        .containsPattern("INDEX +MODEL +ARCH +MEMORY +USED +BUS ID +UNIQUE ID")
        .containsPattern("0 +MI300X +gfx942 +192\\.0 GiB +- +0000:05:00\\.0 +GPU-6ced1647a296545c");
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    Run r = run(new FakeNode(dir).mi300x(1, 3), Map.of(), "gpus", "--json");

    JsonNode j = Json.mapper().readTree(r.out());
    assertThat(j.get("gpu_count").asInt()).isEqualTo(2);
    assertThat(j.get("source").asText()).isEqualTo("kfd-sysfs");
    JsonNode g = j.get("gpus").get(1);
    assertThat(g.get("index").asInt()).isEqualTo(1);
    assertThat(g.get("vendor").asText()).isEqualTo("amd");
    assertThat(g.get("model").asText()).isEqualTo("MI300X");
    assertThat(g.get("arch").asText()).isEqualTo("gfx942");
    assertThat(g.get("memory_total_bytes").asLong()).isEqualTo(206141652992L);
    assertThat(g.get("memory_used_bytes").isNull()).isTrue();
    assertThat(g.get("memory_free_bytes").asLong()).isEqualTo(206141652992L);
    assertThat(g.get("pci_bus_id").asText()).isEqualTo("0000:65:00.0");
    assertThat(g.get("unique_id").asText()).isEqualTo("GPU-a1b2c3d4e5f60718");
    assertThat(g.has("held_by") && g.get("held_by").isNull()).isTrue();
    assertThat(j.get("detectors")).hasSize(5);
    assertThat(j.get("detectors").get(3).get("name").asText()).isEqualTo("kfd-sysfs");
    assertThat(j.get("detectors").get(3).get("outcome").asText()).isEqualTo("found");
    assertThat(j.get("notes").get(0).asText()).contains("only 2 have their render node");
    assertThat(j.get("cpu").get("memory_bytes").asLong()).isEqualTo(2377183660L * 1024);
    assertThat(j.get("detect_ms").asLong()).isNotNegative();
  }

  @Test
  void overrideFromTheEnvironmentIsShownAsTheSource() throws Exception {
    Run r =
        run(
            new FakeNode(dir),
            Map.of("AIM_GPU_MODEL", "MI325X", "AIM_GPU_COUNT", "4"),
            "gpus",
            "--json");

    JsonNode j = Json.mapper().readTree(r.out());
    assertThat(j.get("source").asText()).isEqualTo("override");
    assertThat(j.get("gpus")).hasSize(4);
    assertThat(j.get("detectors").get(1).get("outcome").asText()).isEqualTo("not_tried");
  }

  @Test
  void malformedMaskIsAOneLineInvalidInputError() {
    Run r = run(new FakeNode(dir).mi300x(0, 1), Map.of("HIP_VISIBLE_DEVICES", "0,,1"), "gpus");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip())
        .startsWith("aim-engine: HIP_VISIBLE_DEVICES=\"0,,1\" is not a usable GPU mask")
        .doesNotContain("\n");
  }

  @Test
  void badTimeoutSettingIsInvalidInput() {
    Run r = run(new FakeNode(dir), Map.of("AIM_DETECT_TIMEOUT_MS", "soon"), "gpus");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("AIM_DETECT_TIMEOUT_MS='soon'");
  }
}
