package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.plan.NoFeasiblePlanException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON a {@code --json} command prints on stdout when it fails, so that its stdout is always
 * one JSON object (docs/operations.md, "JSON output"): {@code error} (the one-line message, as on
 * stderr) and {@code exit_code}. When nothing fits, {@code plan --json} adds the decision trail
 * ({@link PlanView#of(NoFeasiblePlanException)}).
 */
final class ErrorView {
  private ErrorView() {}

  static Map<String, Object> of(Exception e) {
    if (e instanceof NoFeasiblePlanException n) {
      return PlanView.of(n);
    }
    if (e instanceof AimException a) {
      return of(a.getMessage(), a.exitCode());
    }
    return of(
        "internal error: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + App.firstLine(e.getMessage())),
        ExitCode.INTERNAL);
  }

  /** The same as a {@code serve --json} event line: {@code event: "error"} added. */
  static Map<String, Object> event(Exception e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", java.time.Instant.now().toString());
    m.put("event", "error");
    m.putAll(of(e));
    return m;
  }

  /** A command line picocli could not parse (exit 2). */
  static Map<String, Object> invalid(String message) {
    return of(message, ExitCode.INVALID_INPUT);
  }

  private static Map<String, Object> of(String message, ExitCode code) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("exit_code", code.code());
    return m;
  }
}
