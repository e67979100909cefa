package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code cache pull} in a child JVM with the optimizing compiler. Short commands start with
 * the quick compiler only (bin/aim-engine sets {@code aim.quickJit}), which saves a third of a
 * second on every launch but hashes SHA-256 ten times slower; a launch that has gigabytes to fetch
 * hands the download to a JVM built for it. The child's output goes to this process's stderr (a
 * terminal keeps its progress bar; stdout stays clean for --json), and it gets this process's
 * environment (the one {@link io.aimengine.core.config.Settings} holds).
 */
final class PullProcess {
  private PullProcess() {}

  /** True when this JVM runs with the quick compiler only and downloads belong in a child. */
  static boolean wanted() {
    return Boolean.getBoolean("aim.quickJit");
  }

  /** Pulls {@code model}@{@code revision}; throws with the child's exit code when it fails. */
  static void pull(App app, String model, String revision) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "cache",
                "pull",
                model,
                "--revision",
                revision));
    // The child's report goes to our stderr: launch --json keeps stdout for its JSON alone.
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("/dev/stderr")))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().clear();
    pb.environment().putAll(app.settings().environment());
    int code;
    Process p = null;
    try {
      p = pb.start();
      code = p.waitFor();
    } catch (IOException e) {
      throw AimException.failure("cannot start the pull of " + model + ": " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw AimException.failure("pull of " + model + " interrupted; nothing was started");
    }
    if (code != 0) {
      throw new AimException(
          exitCode(code),
          "the weights of " + model + " could not be pulled (see above); nothing was started");
    }
  }

  private static ExitCode exitCode(int code) {
    for (ExitCode c : ExitCode.values()) {
      if (c.code() == code && c != ExitCode.OK) {
        return c;
      }
    }
    return ExitCode.FAILURE;
  }
}
