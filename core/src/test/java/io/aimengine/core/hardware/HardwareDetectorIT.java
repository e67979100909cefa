package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.DetectorReport.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring (real runner, PATH from Settings) against fake tools that misbehave. */
class HardwareDetectorIT {
  @TempDir Path dir;

  private void tool(Path bin, String name, String script) throws IOException {
    Files.createDirectories(bin);
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Path fixture(String name) throws IOException {
    Path p = dir.resolve("fixtures").resolve(name.replace('/', '_'));
    Files.createDirectories(p.getParent());
    Files.writeString(p, Fixtures.read(name));
    return p;
  }

  @Test
  void hungAmdSmiIsKilledAndRocmSmiAnswers() throws IOException {
    Path bin = dir.resolve("bin");
    tool(bin, "amd-smi", "exec sleep 600");
    tool(bin, "rocm-smi", "cat " + fixture("derived/rocm-smi_--json_mi300x_x8.json"));
    tool(
        bin,
        "nvidia-smi",
        "echo 'NVIDIA-SMI has failed because it couldn'\"'\"'t communicate with the NVIDIA driver.'; exit 9");
    Settings s =
        new Settings(
            Map.of(
                "PATH",
                bin + ":/usr/bin:/bin",
                "ROCM_PATH",
                dir.resolve("no-rocm").toString(),
                "AIM_SYSFS_ROOT",
                dir.resolve("root").toString(),
                "AIM_DETECT_TIMEOUT_MS",
                "500"),
            dir);

    Inventory inv = HardwareDetector.forSettings(s).detect(s, Optional.empty());

    assertThat(inv.source()).isEqualTo("rocm-smi");
    assertThat(inv.gpus()).hasSize(8);
    assertThat(inv.reports().get(1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(inv.reports().get(1).detail()).contains("did not answer within 500 ms; killed");
    assertThat(inv.reports().get(4).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(inv.reports().get(4).detail()).contains("exit status 9");
  }
}
