package io.aimengine.runtime.container;

import io.aimengine.core.AimException;
import java.util.Locale;

/** When the container runtime pulls the engine image: {@code --pull missing|always|never}. */
public enum PullPolicy {
  /** Pull only when the image is not here (default). */
  MISSING,
  /** Pull before every launch (a moved tag is followed). */
  ALWAYS,
  /** Never pull: a missing image is an error. */
  NEVER;

  /** Parses the flag value; invalid input names the flag. */
  public static PullPolicy parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AimException.invalid("--pull " + value + ": expected missing, always or never");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
