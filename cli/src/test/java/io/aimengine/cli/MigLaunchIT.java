package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints on NVIDIA MIG instances: a host of 2 × A100 (fake {@code nvidia-smi}) whose GPU 0 is
 * split into two 3g.40gb instances, and {@link FakeEngine} standing in for vLLM. Each launch sees
 * the instance its {@code CUDA_VISIBLE_DEVICES} names; the GPU ledger holds instances, not the GPU.
 */
class MigLaunchIT {
  static final String MIG_A = "MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f";
  static final String MIG_B = "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb";

  @TempDir Path dir;
  Path home;
  FakeNode node;

  @BeforeEach
  void setUp() {
    home = dir.resolve("home");
    node = new FakeNode(dir);
    Path query = node.fixture("derived/nvidia-smi_--query-gpu_a100x2.csv");
    Path list = node.fixture("derived/nvidia-smi_-L_a100_mig.txt");
    node.tool(
        "nvidia-smi", "case \"$*\" in *-L*) cat '" + list + "' ;; *) cat '" + query + "' ;; esac");
  }

  @AfterEach
  void stopEverything() {
    if (Files.exists(home.resolve("state.db"))) {
      CliRun.run(env(null), dir, "stop", "--all", "--timeout", "5s");
    }
  }

  private Map<String, String> env(String mask) {
    Map<String, String> env = StandIn.env(home, dir.resolve("unused-catalog"), "ok");
    env.remove("AIM_GPU_MODEL");
    env.remove("AIM_GPU_COUNT");
    env.remove("AIM_CATALOG_PATH");
    env.put("PATH", node.bin + ":" + System.getenv("PATH"));
    env.put("ROCM_PATH", dir.resolve("no-rocm").toString());
    env.put("AIM_SYSFS_ROOT", node.root.toString());
    if (mask != null) {
      env.put("CUDA_VISIBLE_DEVICES", mask);
    }
    return env;
  }

  private CliRun launch(String mask, String name) {
    return CliRun.run(
        env(mask),
        dir,
        "launch",
        "Qwen/Qwen3-8B",
        "--detach",
        "--name",
        name,
        "--port",
        String.valueOf(StandIn.freePort()));
  }

  private JsonNode status(String name) {
    CliRun r = CliRun.run(env(null), dir, "status", name, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return StandIn.json(r.out());
  }

  private String logs(String name) {
    CliRun r = CliRun.run(env(null), dir, "logs", name);
    assertThat(r.code()).as(r.err()).isZero();
    return r.out();
  }

  @Test
  void twoEndpointsRunOnTwoMigInstancesOfOneGpu() {
    CliRun a = launch(MIG_A, "on-a");
    assertThat(a.code()).as(a.err()).isZero();
    CliRun b = launch(MIG_B, "on-b");
    assertThat(b.code()).as(b.err()).isZero();

    assertThat(status("on-a").path("state").asText()).isEqualTo("ready");
    assertThat(status("on-b").path("state").asText()).isEqualTo("ready");
    // Each engine was given its own instance, not the GPU both belong to.
    assertThat(logs("on-a")).contains("CUDA_VISIBLE_DEVICES=" + MIG_A).doesNotContain(MIG_B);
    assertThat(logs("on-b")).contains("CUDA_VISIBLE_DEVICES=" + MIG_B).doesNotContain(MIG_A);
  }

  @Test
  void theSameMigInstanceOrItsWholeGpuIsRefused() {
    CliRun a = launch(MIG_A, "on-a");
    assertThat(a.code()).as(a.err()).isZero();

    CliRun again = launch(MIG_A, "again");
    assertThat(again.code()).isEqualTo(3);
    assertThat(again.err()).contains("held by other endpoints");

    CliRun whole = launch("0", "whole");
    assertThat(whole.code()).isEqualTo(3);
    assertThat(whole.err()).contains("held by other endpoints");

    // GPU 1 is whole and free.
    CliRun other = launch("1", "other");
    assertThat(other.code()).as(other.err()).isZero();
  }
}
