package io.aimengine.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symbolic link planted where AIM_HOME keeps an endpoint's run files or log is refused before
 * anything is deleted or written through it, and before any process starts.
 */
class RunFilesLinksTest {
  @TempDir Path home;
  @TempDir Path elsewhere;

  private final ProcessRuntime runtime =
      new ProcessRuntime(Map.of("PATH", System.getenv("PATH")), ProcessTable.system());

  private void start(Path log, Path runDir) {
    runtime.start(
        new ProcessRuntime.StartRequest(
            List.of("sh", "-c", "echo started > " + elsewhere.resolve("ran")),
            Map.of(),
            List.of(),
            log,
            runDir,
            ProcessRuntime.RestartPolicy.NONE));
  }

  @Test
  void aSymlinkedRunDirectoryIsRefusedAndNothingBehindItIsTouched() throws Exception {
    Files.writeString(elsewhere.resolve("exit"), "precious");
    Files.writeString(elsewhere.resolve("events"), "precious");
    Files.createDirectories(home.resolve("run"));
    Files.createSymbolicLink(home.resolve("run/e"), elsewhere);

    assertThatThrownBy(() -> start(home.resolve("logs/e.log"), home.resolve("run/e")))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE))
        .hasMessageContaining(home.resolve("run/e").toString())
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(elsewhere.resolve("exit"))).isEqualTo("precious");
    assertThat(Files.readString(elsewhere.resolve("events"))).isEqualTo("precious");
    assertThat(elsewhere.resolve("ran")).doesNotExist();
  }

  @Test
  void aSymlinkedLogFileIsRefused() throws Exception {
    Path target = elsewhere.resolve("victim");
    Files.writeString(target, "precious");
    Files.createDirectories(home.resolve("logs"));
    Files.createSymbolicLink(home.resolve("logs/e.log"), target);

    assertThatThrownBy(() -> start(home.resolve("logs/e.log"), home.resolve("run/e")))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(target)).isEqualTo("precious");
    assertThat(elsewhere.resolve("ran")).doesNotExist();
  }

  @Test
  void aSymlinkedMonitorScriptIsReplacedNotRun() throws Exception {
    Path evil = elsewhere.resolve("evil.sh");
    Files.writeString(evil, "echo evil > " + elsewhere.resolve("evil-ran") + "\n");
    Files.createDirectories(home.resolve("run"));
    Files.createSymbolicLink(home.resolve("run/aim-monitor.sh"), evil);

    ProcessRuntime.Started s =
        runtime.start(
            new ProcessRuntime.StartRequest(
                List.of("true"),
                Map.of(),
                List.of(),
                home.resolve("logs/e.log"),
                home.resolve("run/e"),
                ProcessRuntime.RestartPolicy.NONE));
    s.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(Files.isSymbolicLink(home.resolve("run/aim-monitor.sh"))).isFalse();
    assertThat(elsewhere.resolve("evil-ran")).doesNotExist();
  }
}
