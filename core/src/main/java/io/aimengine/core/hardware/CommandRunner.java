package io.aimengine.core.hardware;

import java.time.Duration;
import java.util.List;

/**
 * The seam between GPU detection and the outside world's tools ({@code amd-smi}, {@code rocm-smi},
 * {@code nvidia-smi}). The real default is {@link ProcessCommandRunner}; tests hand in a fake that
 * answers from fixture files. Implementations must be safe to call from several threads at once
 * (detectors run in parallel) and must never block longer than the timeout plus a small margin.
 */
public interface CommandRunner {

  /**
   * Runs {@code command} (program name first, found on PATH) and waits at most {@code timeout}.
   * Never throws for the tool's own failures: every outcome is a {@link Result}.
   */
  Result run(List<String> command, Duration timeout);

  /**
   * Whether {@link #run} would find {@code program} (a detector warms up what parsing its output
   * needs only when a tool will answer). True unless the runner knows better.
   */
  default boolean finds(String program) {
    return true;
  }

  /** How one tool call ended. */
  sealed interface Result {

    /** The program ran and exited by itself. Output is decoded as UTF-8, capped in size. */
    record Completed(int exitCode, String stdout, String stderr, Duration elapsed)
        implements Result {}

    /**
     * The program is not on PATH (nor in the extra directories the runner searches).
     *
     * @param searched where it was looked for, for messages: "PATH, /opt/rocm/bin"
     */
    record NotFound(String program, String searched) implements Result {}

    /** The program did not finish in time and was killed, with its children. */
    record TimedOut(Duration after, String stderr) implements Result {}

    /** The program exists but could not be started (permissions, exec format error). */
    record StartFailed(String reason) implements Result {}
  }
}
