package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner against small shell scripts standing in for GPU tools. */
class ProcessCommandRunnerIT {
  @TempDir Path bin;

  private Path tool(String name, String script) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private ProcessCommandRunner runner() {
    return new ProcessCommandRunner(
        Map.of("PATH", bin + ":/usr/bin:/bin"),
        List.of(bin),
        List.of(Path.of("/nonexistent/rocm/bin")));
  }

  @Test
  void capturesStdoutAndStderrSeparatelyWithTheExitStatus() throws IOException {
    tool("amd-smi", "echo '[{\"gpu\": 0}]'; echo 'WARNING: noise' >&2; exit 3");

    CommandRunner.Result r =
        runner().run(List.of("amd-smi", "list", "--json"), Duration.ofSeconds(5));

    assertThat(r)
        .isInstanceOfSatisfying(
            CommandRunner.Result.Completed.class,
            c -> {
              assertThat(c.exitCode()).isEqualTo(3);
              assertThat(c.stdout()).isEqualTo("[{\"gpu\": 0}]\n");
              assertThat(c.stderr()).isEqualTo("WARNING: noise\n");
            });
  }

  @Test
  void findsWhatRunWouldFindAndNothingElse() throws IOException {
    tool("amd-smi", "exit 0");

    assertThat(runner().finds("amd-smi")).isTrue();
    assertThat(runner().finds("rocm-smi")).isFalse();
    assertThat(runner().run(List.of("rocm-smi"), Duration.ofSeconds(5)))
        .isInstanceOf(CommandRunner.Result.NotFound.class);
  }

  @Test
  void passesArgumentsAndTheGivenEnvironment() throws IOException {
    tool("rocm-smi", "echo \"$@|$AIM_PROBE\"");
    ProcessCommandRunner r =
        new ProcessCommandRunner(Map.of("AIM_PROBE", "yes"), List.of(bin), List.of());

    CommandRunner.Result out =
        r.run(List.of("rocm-smi", "--showbus", "--json"), Duration.ofSeconds(5));

    assertThat(((CommandRunner.Result.Completed) out).stdout()).isEqualTo("--showbus --json|yes\n");
  }

  @Test
  void hungToolIsKilledWithItsChildrenAfterTheTimeout() throws Exception {
    Path pidFile = bin.resolve("child.pid");
    tool("nvidia-smi", "sleep 600 & echo $! > " + pidFile + "; wait");

    CommandRunner.Result r = runner().run(List.of("nvidia-smi"), Duration.ofMillis(400));

    assertThat(r).isInstanceOf(CommandRunner.Result.TimedOut.class);
    long child = Long.parseLong(Files.readString(pidFile).strip());
    // The kill is a signal: give the kernel a moment to finish and reap the child.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                    .as("the tool's own child is gone too")
                    .isFalse());
  }

  @Test
  void toolMissingFromPathIsNotFoundAndSaysWhereItLooked() {
    CommandRunner.Result r = runner().run(List.of("amd-smi", "static"), Duration.ofSeconds(5));

    assertThat(r)
        .isEqualTo(new CommandRunner.Result.NotFound("amd-smi", "PATH, /nonexistent/rocm/bin"));
  }

  @Test
  void extraDirectoriesAreSearchedAfterPath() throws IOException {
    Path rocm = Files.createDirectories(bin.resolve("rocm/bin"));
    Path smi = rocm.resolve("amd-smi");
    Files.writeString(smi, "#!/bin/sh\necho from-rocm\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessCommandRunner r =
        new ProcessCommandRunner(Map.of(), List.of(bin.resolve("empty")), List.of(rocm));

    CommandRunner.Result out = r.run(List.of("amd-smi"), Duration.ofSeconds(5));

    assertThat(((CommandRunner.Result.Completed) out).stdout()).isEqualTo("from-rocm\n");
  }

  @Test
  void nonExecutableFileIsNotATool() throws IOException {
    Files.writeString(bin.resolve("amd-smi"), "not a program");

    assertThat(runner().run(List.of("amd-smi"), Duration.ofSeconds(5)))
        .isInstanceOf(CommandRunner.Result.NotFound.class);
  }
}
