package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code cache pull} in a child JVM with the optimizing compiler. Short commands start with
 * the quick compiler only (bin/aim-engine sets {@code aim.quickJit}), which saves a third of a
 * second on every launch but hashes SHA-256 ten times slower; a launch that has gigabytes to fetch
 * hands the download to a JVM built for it.
 *
 * <p>The child gets this process's environment (the one {@link Settings} holds) and the JVM options
 * of {@code AIM_JAVA_OPTS} (proxy, {@code user.home}, trust store), as bin/aim-engine gives them to
 * every aim-engine JVM. Its output goes to this process's stderr (a terminal keeps its progress
 * bar; stdout stays clean for --json). It dies with its parent, however the parent ends: its stdin
 * is a pipe from the parent, and the child exits when that pipe reaches end of file, which the
 * kernel makes happen when the parent exits, even by SIGKILL ({@link #exitWithParent}).
 */
final class PullProcess {
  /** System property that makes a child JVM exit when its stdin (the parent's pipe) closes. */
  static final String WATCH_PROPERTY = "aim.exitWithParent";

  private PullProcess() {}

  /** True when this JVM runs with the quick compiler only and downloads belong in a child. */
  static boolean wanted() {
    return Boolean.getBoolean("aim.quickJit");
  }

  /** The child's command line. */
  static List<String> command(
      Settings settings, String java, String classPath, String model, String revision) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    // bin/aim-engine expands AIM_JAVA_OPTS unquoted, split on whitespace: the same here.
    settings.get("AIM_JAVA_OPTS").ifPresent(o -> cmd.addAll(List.of(o.trim().split("\\s+"))));
    cmd.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "-D" + WATCH_PROPERTY + "=true",
            "-cp",
            classPath,
            Main.class.getName(),
            "cache",
            "pull",
            model,
            "--revision",
            revision));
    return cmd;
  }

  /** Pulls {@code model}@{@code revision}; throws with the child's exit code when it fails. */
  static void pull(App app, String model, String revision, PrintWriter err) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd =
        command(app.settings(), java, System.getProperty("java.class.path"), model, revision);
    // The child's report goes to our stderr: launch --json keeps stdout for its JSON alone.
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("/dev/stderr")))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().clear();
    pb.environment().putAll(app.settings().environment());
    int code;
    Process p = null;
    try {
      p = pb.start();
      err.println("aim-engine: pulling " + model + " in a child JVM (pid " + p.pid() + ")");
      err.flush();
      code = p.waitFor();
    } catch (IOException e) {
      throw AimException.failure("cannot start the pull of " + model + ": " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw AimException.failure("pull of " + model + " interrupted; nothing was started");
    } finally {
      if (p != null) {
        try {
          p.getOutputStream().close();
        } catch (IOException ignored) {
          // the child has ended
        }
      }
    }
    if (code != 0) {
      throw new AimException(
          exitCode(code),
          "the weights of " + model + " could not be pulled (see above); nothing was started");
    }
  }

  /**
   * In a child started by {@link #pull}: exits as soon as stdin reaches end of file, i.e. when the
   * launching process has ended. A partial download stays resumable.
   */
  static void exitWithParent() {
    if (!Boolean.getBoolean(WATCH_PROPERTY)) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("aim-engine-parent-watch")
        .start(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // the parent writes nothing; keep reading until it is gone
                }
              } catch (IOException e) {
                // closed: the parent is gone
              }
              System.err.println("aim-engine: the launching process ended; stopped the pull");
              System.err.flush();
              System.exit(ExitCode.FAILURE.code());
            });
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
