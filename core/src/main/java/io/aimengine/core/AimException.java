package io.aimengine.core;

/**
 * A failure the user can act on. The message is one line that names the broken rule (file, field,
 * flag) and what to do; the CLI prints it without a stack trace and exits with {@link #exitCode()}.
 */
public class AimException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public AimException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public AimException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Invalid input from the user: exit 2. */
  public static AimException invalid(String message) {
    return new AimException(ExitCode.INVALID_INPUT, message);
  }

  /** The world is not in the state the command needs: exit 3. */
  public static AimException unexpectedState(String message) {
    return new AimException(ExitCode.UNEXPECTED_STATE, message);
  }

  /**
   * A well-formed name of something that does not exist here (an endpoint, recipe, model, cached
   * model, file or revision): exit 3, like every other state the command cannot work with. Input
   * that is malformed or outside a fixed set (a flag, a GPU model, an engine) is {@link #invalid}.
   */
  public static AimException notFound(String message) {
    return new AimException(ExitCode.UNEXPECTED_STATE, message);
  }

  /** The operation was attempted and failed: exit 1. */
  public static AimException failure(String message) {
    return new AimException(ExitCode.FAILURE, message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
