package io.aimengine.core;

/**
 * The one exit-code contract of every AIM Engine command: 0 ok, 1 failure, 2 invalid input (a
 * malformed command line or file, a value outside a fixed set), 3 unexpected state (nothing fits,
 * not found: an endpoint, recipe, model, cached model or file that does not exist; an endpoint in
 * the wrong state), 4 internal error.
 */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  INVALID_INPUT(2),
  UNEXPECTED_STATE(3),
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
