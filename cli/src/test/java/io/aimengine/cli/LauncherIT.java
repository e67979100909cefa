package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test launcher itself: its guard must fire on a process that hangs with its pipes open. */
class LauncherIT {
  @Test
  void aCommandThatHangsWithItsOutputOpenIsKilledWhenTheGuardExpires() {
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "echo started; sleep 300");
    assertThatThrownBy(() -> Launcher.run(1, pb, "hang"))
        .hasMessageContaining("hang hung for 1 s; killed it");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void theCliStartsWithDefaultSignalDispositionsWhateverTheShellIgnored() throws Exception {
    // A background job's children ignore SIGINT; the launcher must undo that for the CLI.
    ProcessBuilder pb =
        new ProcessBuilder(
            "sh",
            "-c",
            "trap '' INT; exec \"$@\"",
            "sh",
            "sh",
            "-c",
            "grep SigIgn /proc/self/status");
    CliRun ignored = Launcher.run(10, pb, "ignored");
    assertThat(sigintIgnored(ignored.out())).isTrue();
    java.util.List<String> cmd =
        new java.util.ArrayList<>(Launcher.builder(java.util.Map.of()).command());
    cmd.remove(cmd.size() - 1); // bin/aim-engine
    cmd.addAll(java.util.List.of("sh", "-c", "grep SigIgn /proc/self/status"));
    java.util.List<String> wrapped =
        new java.util.ArrayList<>(java.util.List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
    wrapped.addAll(cmd);
    CliRun reset = Launcher.run(10, new ProcessBuilder(wrapped), "reset");
    assertThat(sigintIgnored(reset.out())).isFalse();
  }

  /** Whether SIGINT (2, bit 1) is in the SigIgn mask /proc/self/status printed. */
  private static boolean sigintIgnored(String status) {
    String hex = status.substring(status.indexOf("SigIgn:") + 7).trim().split("\\s+")[0];
    return (Long.parseUnsignedLong(hex, 16) & 0x2) != 0;
  }
}
