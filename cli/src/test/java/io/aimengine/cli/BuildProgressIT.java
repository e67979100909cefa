package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/build-progress.sh, which bin/aim-engine uses for its first build: what Maven is doing is
 * shown while it runs (one line per module when stderr is not a terminal), the full output goes to
 * the log, and Maven's exit status is returned.
 */
class BuildProgressIT {
  @TempDir Path dir;

  private CliRun build(int exitCode) throws Exception {
    Path mvn = dir.resolve("mvn");
    Files.writeString(
        mvn,
        """
        #!/bin/sh
        echo "[INFO] Building AIM Engine core 0.1.0-SNAPSHOT                     [1/2]"
        echo "[INFO] --- compiler:3.16.0:compile (default-compile) @ aim-engine-core ---"
        sleep 1
        echo "[INFO] Building AIM Engine CLI 0.1.0-SNAPSHOT                      [2/2]"
        sleep 1
        exit %d
        """
            .formatted(exitCode));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path script = DocsExamplesTest.root().resolve("bin/build-progress.sh");
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            ". \"$0\"; aim_build_with_progress \"$1\" \"$2\"",
            script.toString(),
            dir.resolve("build.log").toString(),
            mvn.toString());
    return Launcher.run(30, pb, "build-progress");
  }

  @Test
  void eachModuleIsAnnouncedAndTheLogKeepsMavensOutput() throws Exception {
    CliRun r = build(0);

    assertThat(r.code()).isZero();
    assertThat(r.err().lines())
        .containsSubsequence(
            "aim-engine: building AIM Engine core [1/2]",
            "aim-engine: building AIM Engine CLI [2/2]")
        .anyMatch(l -> l.matches("aim-engine: built in \\d+ s"));
    assertThat(Files.readString(dir.resolve("build.log"))).contains("compiler:3.16.0:compile");
  }

  @Test
  void mavensExitStatusIsReturned() throws Exception {
    assertThat(build(3).code()).isEqualTo(3);
  }
}
