package io.aimengine.operator.endpoint;

/** A spec field breaks a rule; the message names the field ("spec.gpuCount: ..."). */
public final class InvalidSpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String field, String message) {
    super("spec." + field + ": " + message);
  }
}
